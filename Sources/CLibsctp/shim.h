#ifndef VCORE_CLIBSCTP_SHIM_H
#define VCORE_CLIBSCTP_SHIM_H
/* The kernel's SCTP socket API (lksctp-tools' libsctp and <linux/sctp.h>).
 *
 * usrsctp.h (module CUsrsctp, linked into the same Swift module) declares the same struct names with
 * different definitions, and clang refuses two definitions of one struct in one Swift module
 * ("'sctp_initmsg' has different definitions in different modules"). The kernel's names are therefore
 * renamed to linux_<name> while the header is read: Swift code of the kernel backend writes
 * `linux_sctp_initmsg`, and the layout, constants and libsctp functions are the kernel's own. */
#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>
#define sctp_assoc_t linux_sctp_assoc_t
#define sctp_adaptation_event linux_sctp_adaptation_event
#define sctp_add_streams linux_sctp_add_streams
#define sctp_assoc_change linux_sctp_assoc_change
#define sctp_assoc_ids linux_sctp_assoc_ids
#define sctp_assoc_reset_event linux_sctp_assoc_reset_event
#define sctp_assoc_value linux_sctp_assoc_value
#define sctp_assocparams linux_sctp_assocparams
#define sctp_authchunk linux_sctp_authchunk
#define sctp_authchunks linux_sctp_authchunks
#define sctp_authinfo linux_sctp_authinfo
#define sctp_authkey linux_sctp_authkey
#define sctp_authkey_event linux_sctp_authkey_event
#define sctp_authkeyid linux_sctp_authkeyid
#define sctp_default_prinfo linux_sctp_default_prinfo
#define sctp_event linux_sctp_event
#define sctp_event_subscribe linux_sctp_event_subscribe
#define sctp_hmacalgo linux_sctp_hmacalgo
#define sctp_initmsg linux_sctp_initmsg
#define sctp_notification linux_sctp_notification
#define sctp_nxtinfo linux_sctp_nxtinfo
#define sctp_paddr_change linux_sctp_paddr_change
#define sctp_paddrinfo linux_sctp_paddrinfo
#define sctp_paddrparams linux_sctp_paddrparams
#define sctp_pdapi_event linux_sctp_pdapi_event
#define sctp_prinfo linux_sctp_prinfo
#define sctp_prstatus linux_sctp_prstatus
#define sctp_rcvinfo linux_sctp_rcvinfo
#define sctp_recvv_rn linux_sctp_recvv_rn
#define sctp_remote_error linux_sctp_remote_error
#define sctp_reset_streams linux_sctp_reset_streams
#define sctp_rtoinfo linux_sctp_rtoinfo
#define sctp_sack_info linux_sctp_sack_info
#define sctp_send_failed_event linux_sctp_send_failed_event
#define sctp_sender_dry_event linux_sctp_sender_dry_event
#define sctp_sendv_spa linux_sctp_sendv_spa
#define sctp_setadaptation linux_sctp_setadaptation
#define sctp_setpeerprim linux_sctp_setpeerprim
#define sctp_shutdown_event linux_sctp_shutdown_event
#define sctp_sndinfo linux_sctp_sndinfo
#define sctp_status linux_sctp_status
#define sctp_stream_change_event linux_sctp_stream_change_event
#define sctp_stream_reset_event linux_sctp_stream_reset_event
#define sctp_stream_value linux_sctp_stream_value
#define sctp_udpencaps linux_sctp_udpencaps
#include <netinet/sctp.h>
/* Macros both headers define with different values become one Swift symbol each ("multiple
 * definitions" in whole-module builds); the kernel backend uses these copies instead. */
static const int linux_SCTP_INITMSG = SCTP_INITMSG;
static const int linux_SCTP_RTOINFO = SCTP_RTOINFO;
static const int linux_SCTP_PEER_ADDR_PARAMS = SCTP_PEER_ADDR_PARAMS;
static const int linux_SCTP_ASSOCINFO = SCTP_ASSOCINFO;
static const int linux_SCTP_NODELAY = SCTP_NODELAY;
static const int linux_SCTP_BINDX_ADD_ADDR = SCTP_BINDX_ADD_ADDR;
#undef sctp_assoc_t
#undef sctp_adaptation_event
#undef sctp_add_streams
#undef sctp_assoc_change
#undef sctp_assoc_ids
#undef sctp_assoc_reset_event
#undef sctp_assoc_value
#undef sctp_assocparams
#undef sctp_authchunk
#undef sctp_authchunks
#undef sctp_authinfo
#undef sctp_authkey
#undef sctp_authkey_event
#undef sctp_authkeyid
#undef sctp_default_prinfo
#undef sctp_event
#undef sctp_event_subscribe
#undef sctp_hmacalgo
#undef sctp_initmsg
#undef sctp_notification
#undef sctp_nxtinfo
#undef sctp_paddr_change
#undef sctp_paddrinfo
#undef sctp_paddrparams
#undef sctp_pdapi_event
#undef sctp_prinfo
#undef sctp_prstatus
#undef sctp_rcvinfo
#undef sctp_recvv_rn
#undef sctp_remote_error
#undef sctp_reset_streams
#undef sctp_rtoinfo
#undef sctp_sack_info
#undef sctp_send_failed_event
#undef sctp_sender_dry_event
#undef sctp_sendv_spa
#undef sctp_setadaptation
#undef sctp_setpeerprim
#undef sctp_shutdown_event
#undef sctp_sndinfo
#undef sctp_status
#undef sctp_stream_change_event
#undef sctp_stream_reset_event
#undef sctp_stream_value
#undef sctp_udpencaps
#endif
