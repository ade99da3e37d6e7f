#ifndef VCORE_CLIBSCTP_SHIM_H
#define VCORE_CLIBSCTP_SHIM_H
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#endif
