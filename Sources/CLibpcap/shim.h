#ifndef VCORE_CLIBPCAP_SHIM_H
#define VCORE_CLIBPCAP_SHIM_H
#include <pcap/pcap.h>
#endif
