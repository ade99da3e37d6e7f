import Testing
import NIOCore
@testable import Wire

@Suite struct IdentityTests {
    @Test(arguments: ["001010000000001", "901700000000", "123456", "310260123456789"])
    func imsiRoundTripsThroughTBCD(_ digits: String) throws {
        let imsi = try #require(IMSI(digits))
        let bytes = imsi.encoded()
        #expect(bytes.readableBytes == (digits.count + 1) / 2)
        var reader = WireReader(bytes)
        let decoded = try IMSI.decode(&reader, length: bytes.readableBytes)
        #expect(decoded == imsi)
        #expect(decoded.digits == digits)
    }

    @Test func tbcdPutsTheFirstDigitInTheLowNibbleAndPadsWithF() {
        // TS 24.008 10.5.1.4: 001010000000001 → 00 01 01 00 00 00 00 F1 (digit pairs swapped, F filler).
        #expect(Array(IMSI("001010000000001")!.encoded().readableBytesView) == [0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0xF1])
    }

    @Test(arguments: ["12345", "1234567890123456", "12a4567", ""])
    func invalidIMSIsAreRefused(_ digits: String) {
        #expect(IMSI(digits) == nil)
    }

    @Test func msisdnMayHoldStarAndHash() throws {
        let msisdn = try #require(MSISDN("*123#"))
        var reader = WireReader(msisdn.encoded())
        #expect(try MSISDN.decode(&reader, length: 3).digits == "*123#")
    }

    @Test func imeisvHasSixteenDigits() throws {
        let imei = try #require(IMEI("3569360012345678"))
        #expect(imei.isSoftwareVersion)
        var reader = WireReader(imei.encoded())
        #expect(try IMEI.decode(&reader, length: 8) == imei)
    }

    @Test(arguments: [[0x21, 0xA3] as [UInt8], [0xF1, 0x23], [0x21, 0xF3, 0x45], []])
    func malformedTBCDIsACodecErrorWithItsOffset(_ bytes: [UInt8]) {
        var reader = WireReader(bytes: bytes)
        #expect(throws: CodecError.self) { _ = try TBCDDigits.decode(&reader, length: bytes.count, "IMSI") }
    }

    @Test func plmnWithTwoAndThreeDigitMNC() throws {
        let two = try #require(PLMN(mcc: "001", mnc: "01"))
        let three = try #require(PLMN(mcc: "310", mnc: "260"))
        #expect(Array(two.encoded().readableBytesView) == [0x00, 0xF1, 0x10])
        #expect(Array(three.encoded().readableBytesView) == [0x13, 0x00, 0x62])
        var reader = WireReader(three.encoded())
        let decoded = try PLMN.decode(&reader)
        #expect(decoded.mcc == "310" && decoded.mnc == "260")
        #expect(two.description == "001-01")
        #expect(PLMN(mcc: "01", mnc: "01") == nil && PLMN(mcc: "001", mnc: "1") == nil)
    }

    @Test func plmnWithANonDecimalDigitIsRefused() {
        var reader = WireReader(bytes: [0x0A, 0xF1, 0x10])
        #expect(throws: CodecError.self) { _ = try PLMN.decode(&reader) }
    }

    @Test func taiAndECGI() throws {
        let plmn = PLMN(mcc: "901", mnc: "70")!
        let ecgi = ECGI(plmn: plmn, eci: 0x0107_9BAF)
        #expect(ecgi.enbID == 67483 && ecgi.cellID == 175)
        var reader = WireReader(ecgi.encoded())
        #expect(try ECGI.decode(&reader) == ecgi)
        var taiReader = WireReader(TAI(plmn: plmn, tac: 1).encoded())
        #expect(try TAI.decode(&taiReader).tac == 1)
    }

    @Test func ipAddressesParseAndPrint() throws {
        #expect(IPv4Address("10.45.0.2")?.value == 0x0A2D_0002)
        #expect(IPv4Address("10.45.0") == nil && IPv4Address("10.45.0.256") == nil && IPv4Address("1.2.3.4 ") == nil)
        let v6 = try #require(IPv6Address("2001:db8::1"))
        #expect(v6.description == "2001:db8::1")
        #expect(IPAddress("::1") == .v6(IPv6Address(high: 0, low: 1)))
    }

    @Test func fteidWithBothAddresses() throws {
        let fteid = FTEID(interfaceType: .s5s8PGWGTPC, teid: 0x1234, ipv4: IPv4Address(127, 0, 0, 4), ipv6: IPv6Address("::1")!)
        let bytes = fteid.encoded()
        #expect(bytes.readableBytes == 25)
        #expect(bytes.getInteger(at: 0, as: UInt8.self) == 0xC7)
        var reader = WireReader(bytes)
        #expect(try FTEID.decode(&reader) == fteid)
    }

    @Test func codecErrorSaysWhatAndWhere() {
        var reader = WireReader(bytes: [1, 2, 3])
        do {
            try reader.skip(2, "header")
            _ = try reader.u16("IE length")
            Issue.record("read past the end")
        } catch {
            #expect(error.offset == 2)
            #expect(error.description == "IE length at offset 2: truncated: needs 2 bytes, 1 left")
        }
    }

    @Test func nestedReadersReportAbsoluteOffsets() throws {
        var reader = WireReader(bytes: [0, 0, 0, 0, 5, 9])
        try reader.skip(4, "prefix")
        do {
            try reader.bounded(2, "element") { inner throws(CodecError) in
                _ = try inner.u8("first")
                _ = try inner.u16("second")
            }
            Issue.record("read past the bound")
        } catch {
            #expect(error.offset == 5)
        }
        #expect(reader.isAtEnd)
    }
}
