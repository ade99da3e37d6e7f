// APER: lands with its issue (#3 codecs and crypto, #4 SCTP).
