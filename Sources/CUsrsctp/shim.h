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
#endif
