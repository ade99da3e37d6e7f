import CLibpcap
import Foundation

/// Captures a network interface (a pod network's bridge, for `vcore capture`) into a pcap file
/// through libpcap, until stopped or until a frame or time limit.
public final class LiveCapture: @unchecked Sendable {
    // @unchecked: the handle is touched by the capture loop's thread and by `stop`, which only
    // calls pcap_breakloop, the one libpcap call documented as safe from another thread.
    public let interface: String
    public let path: String
    private let handle: OpaquePointer
    private let dumper: OpaquePointer

    /// Opens `interface` (promiscuous, full frames) and the output file; `filter` is a BPF expression.
    public init(interface: String, path: String, filter: String? = nil) throws(PcapError) {
        var message = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let handle = pcap_create(interface, &message) else {
            throw PcapError(.cannotOpen, path: interface, message: Self.string(message))
        }
        pcap_set_snaplen(handle, 262_144)
        pcap_set_promisc(handle, 1)
        pcap_set_timeout(handle, 100)
        pcap_set_immediate_mode(handle, 1)
        guard pcap_activate(handle) >= 0 else {
            let error = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw PcapError(.cannotOpen, path: interface, message: error)
        }
        if let filter {
            var program = bpf_program()
            guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0, pcap_setfilter(handle, &program) == 0 else {
                let error = String(cString: pcap_geterr(handle))
                pcap_close(handle)
                throw PcapError(.cannotOpen, path: interface, message: "filter \"\(filter)\": \(error)")
            }
            pcap_freecode(&program)
        }
        guard let dumper = pcap_dump_open(handle, path) else {
            let error = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw PcapError(.cannotWrite, path: path, message: error)
        }
        self.interface = interface
        self.path = path
        self.handle = handle
        self.dumper = dumper
    }

    deinit {
        pcap_dump_close(dumper)
        pcap_close(handle)
    }

    /// Captures until `stop()`, `frames` frames, or `duration`; returns the number written.
    public func run(frames: Int? = nil, duration: Duration? = nil) -> Int {
        let deadline = duration.map { ContinuousClock.now + $0 }
        var written = 0
        while frames.map({ written < $0 }) ?? true {
            if let deadline, ContinuousClock.now >= deadline { break }
            let count = pcap_dispatch(handle, Int32(frames.map { $0 - written } ?? -1), pcap_dump,
                                      UnsafeMutableRawPointer(dumper).assumingMemoryBound(to: UInt8.self))
            if count < 0 { break }
            written += Int(count)
            pcap_dump_flush(dumper)
        }
        return written
    }

    /// Ends `run` from another thread (e.g. on Ctrl-C).
    public func stop() { pcap_breakloop(handle) }

    private static func string(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
