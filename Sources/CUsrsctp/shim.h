#ifndef VCORE_CUSRSCTP_SHIM_H
#define VCORE_CUSRSCTP_SHIM_H
/* What usrsctp.pc's Cflags would set: usrsctp.h declares the IPv4 and IPv6 parts only with these. */
#ifndef INET
#define INET 1
#endif
#ifndef INET6
#define INET6 1
#endif
#include <usrsctp.h>

/* glibc declares MSG_EOR and SHUT_WR as enumerators. Clang merges those declarations across the
 * C modules of one Swift target (CLibsctp includes the same glibc headers), and in whole-module
 * (release) builds Swift then looks for them in whichever module they merged into, not here.
 * Copies with names only this module has: */
static const int vcore_usrsctp_msg_eor = MSG_EOR;
static const int vcore_usrsctp_shut_wr = SHUT_WR;
#endif
