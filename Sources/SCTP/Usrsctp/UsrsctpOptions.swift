import CUsrsctp
#if canImport(Glibc)
import Glibc
#endif

/// The socket options every usrsctp socket of a transport gets. Set on a listening socket they
/// are the endpoint's defaults, which the associations it accepts inherit.
enum UsrsctpOptions {
    static let sctpLevel = LinuxSocket.sctp
    static let subscribedEvents = [SCTP_ASSOC_CHANGE, SCTP_PEER_ADDR_CHANGE, SCTP_REMOTE_ERROR, SCTP_SHUTDOWN_EVENT]

    static func configure(_ socket: OpaquePointer, _ configuration: SCTPConfiguration,
                          mode: UsrsctpStack.Mode, family: Int32) throws(SCTPError) {
        let future = sctp_assoc_t(SCTP_FUTURE_ASSOC)
        guard usrsctp_set_non_blocking(socket, 1) == 0 else {
            throw .socketFailed(operation: "usrsctp_set_non_blocking", errno: errno)
        }
        try set(socket, sctpLevel, SCTP_RECVRCVINFO, Int32(1), "SCTP_RECVRCVINFO")
        for type in subscribedEvents {
            var event = sctp_event()
            event.se_assoc_id = future
            event.se_type = UInt16(type)
            event.se_on = 1
            try set(socket, sctpLevel, SCTP_EVENT, event, "SCTP_EVENT")
        }
        try set(socket, sctpLevel, SCTP_INITMSG,
                sctp_initmsg(sinit_num_ostreams: configuration.outboundStreams,
                             sinit_max_instreams: configuration.maxInboundStreams,
                             sinit_max_attempts: configuration.maxInitRetransmissions,
                             sinit_max_init_timeo: UInt16(clamping: configuration.rtoMax.milliseconds)),
                "SCTP_INITMSG")
        try set(socket, sctpLevel, SCTP_RTOINFO,
                sctp_rtoinfo(srto_assoc_id: future,
                             srto_initial: configuration.rtoInitial.optionMilliseconds,
                             srto_max: configuration.rtoMax.optionMilliseconds,
                             srto_min: configuration.rtoMin.optionMilliseconds),
                "SCTP_RTOINFO")
        var addressParameters = sctp_paddrparams()
        addressParameters.spp_assoc_id = future
        addressParameters.spp_hbinterval = configuration.heartbeatInterval.optionMilliseconds
        addressParameters.spp_flags = UInt32(SPP_HB_ENABLE)
        try set(socket, sctpLevel, SCTP_PEER_ADDR_PARAMS, addressParameters, "SCTP_PEER_ADDR_PARAMS")
        var associationParameters = sctp_assocparams()
        associationParameters.sasoc_assoc_id = future
        associationParameters.sasoc_asocmaxrxt = configuration.maxRetransmissions
        try set(socket, sctpLevel, SCTP_ASSOCINFO, associationParameters, "SCTP_ASSOCINFO")
        try configureConnection(socket, configuration)
        if case .udp(let port) = mode {
            var encapsulation = sctp_udpencaps()
            encapsulation.sue_address.ss_family = sa_family_t(family)
            encapsulation.sue_port = port.bigEndian
            try set(socket, sctpLevel, SCTP_REMOTE_UDP_ENCAPS_PORT, encapsulation, "SCTP_REMOTE_UDP_ENCAPS_PORT")
        }
    }

    /// What an accepted socket needs again (buffer sizes and Nagle belong to the socket).
    static func configureConnection(_ socket: OpaquePointer, _ configuration: SCTPConfiguration) throws(SCTPError) {
        try set(socket, sctpLevel, SCTP_NODELAY, Int32(configuration.noDelay ? 1 : 0), "SCTP_NODELAY")
        try set(socket, SOL_SOCKET, SO_SNDBUF, Int32(configuration.sendBufferLimit), "SO_SNDBUF")
        try set(socket, SOL_SOCKET, SO_RCVBUF, Int32(configuration.receiveBufferLimit), "SO_RCVBUF")
    }

    static func set<T: BitwiseCopyable>(_ socket: OpaquePointer, _ level: Int32, _ name: Int32, _ value: T, _ label: String) throws(SCTPError) {
        let result = withUnsafeBytes(of: value) { usrsctp_setsockopt(socket, level, name, $0.baseAddress, socklen_t($0.count)) }
        if result != 0 { throw .socketFailed(operation: "usrsctp_setsockopt(\(label))", errno: errno) }
    }
}
