import CLibsctp
#if canImport(Glibc)
import Glibc
#endif

/// The socket options every kernel SCTP socket of a transport gets (the kernel's own structs,
/// renamed linux_* by the CLibsctp shim). On a listening socket they are the defaults the
/// accepted associations inherit.
enum KernelOptions {
    static func configure(_ fd: Int32, _ configuration: SCTPConfiguration) throws(SCTPError) {
        try set(fd, SOL_SCTP, linux_SCTP_INITMSG,
                linux_sctp_initmsg(sinit_num_ostreams: configuration.outboundStreams,
                                   sinit_max_instreams: configuration.maxInboundStreams,
                                   sinit_max_attempts: configuration.maxInitRetransmissions,
                                   sinit_max_init_timeo: UInt16(clamping: configuration.rtoMax.milliseconds)),
                "SCTP_INITMSG")
        var rto = linux_sctp_rtoinfo()
        rto.srto_initial = configuration.rtoInitial.optionMilliseconds
        rto.srto_max = configuration.rtoMax.optionMilliseconds
        rto.srto_min = configuration.rtoMin.optionMilliseconds
        try set(fd, SOL_SCTP, linux_SCTP_RTOINFO, rto, "SCTP_RTOINFO")
        var addressParameters = linux_sctp_paddrparams()
        addressParameters.spp_hbinterval = configuration.heartbeatInterval.optionMilliseconds
        addressParameters.spp_flags = SPP_HB_ENABLE.rawValue
        try set(fd, SOL_SCTP, linux_SCTP_PEER_ADDR_PARAMS, addressParameters, "SCTP_PEER_ADDR_PARAMS")
        var associationParameters = linux_sctp_assocparams()
        associationParameters.sasoc_asocmaxrxt = configuration.maxRetransmissions
        try set(fd, SOL_SCTP, linux_SCTP_ASSOCINFO, associationParameters, "SCTP_ASSOCINFO")
        try configureConnection(fd, configuration)
    }

    /// Options an accepted socket gets again.
    static func configureConnection(_ fd: Int32, _ configuration: SCTPConfiguration) throws(SCTPError) {
        try subscribeEvents(fd)
        try set(fd, SOL_SCTP, linux_SCTP_NODELAY, Int32(configuration.noDelay ? 1 : 0), "SCTP_NODELAY")
        try set(fd, SOL_SOCKET, SO_SNDBUF, Int32(configuration.sendBufferLimit), "SO_SNDBUF")
        try set(fd, SOL_SOCKET, SO_RCVBUF, Int32(configuration.receiveBufferLimit), "SO_RCVBUF")
    }

    /// SCTP_EVENTS with only the leading fields VCore needs: older kernels reject a longer struct
    /// than theirs, and every kernel knows these six.
    private static func subscribeEvents(_ fd: Int32) throws(SCTPError) {
        var events = linux_sctp_event_subscribe()
        events.sctp_data_io_event = 1  // sctp_recvmsg fills in stream and PPID
        events.sctp_association_event = 1
        events.sctp_address_event = 1
        events.sctp_peer_error_event = 1
        // The shim's rename of struct sctp_shutdown_event also renamed this field of the same name.
        events.linux_sctp_shutdown_event = 1
        let length = MemoryLayout<linux_sctp_event_subscribe>.offset(of: \.linux_sctp_shutdown_event)! + 1
        if setsockopt(fd, SOL_SCTP, SCTP_EVENTS, &events, socklen_t(length)) != 0 {
            throw .socketFailed(operation: "setsockopt(SCTP_EVENTS)", errno: errno)
        }
    }

    static func set<T: BitwiseCopyable>(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: T, _ label: String) throws(SCTPError) {
        let status = withUnsafeBytes(of: value) { setsockopt(fd, level, name, $0.baseAddress, socklen_t($0.count)) }
        if status != 0 {
            throw .socketFailed(operation: "setsockopt(\(label))", errno: errno)
        }
    }
}
