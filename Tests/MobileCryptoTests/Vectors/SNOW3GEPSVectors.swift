// Test data copied as hex from the documents named in each clause; see AlgorithmVector.swift.

/// TS 33.401 C.3: 128-EEA1.
let eea1TestSets: [CipheringVector] = [
    .init(clause: "TS 33.401 C.3 (128-EEA1) test set 1", key: "d3c5d592327fb11c4035c6680af8c6d1", count: 0x398a59b4, bearer: 0x15, direction: 1, bitLength: 253,
          plaintext: "981ba6824c1bfb1ab485472029b71d808ce33e2cc3c0b5fc1f3de8a6dc66b1f0",
          ciphertext: "5d5bfe75eb04f68ce0a12377ea00b37d47c6a0ba06309155086a859c4341b378"),
    .init(clause: "TS 33.401 C.3 (128-EEA1) test set 2", key: "2bd6459f82c440e0952c49104805ff48", count: 0xc675a64b, bearer: 0x0c, direction: 1, bitLength: 798,
          plaintext: """
            7ec61272743bf1614726446a6c38ced166f6ca76eb5430044286346cef130f92922b03450d3a9975e5bd2ea0eb55ad8e
            1b199e3ec4316020e9a1b285e762795359b7bdfd39bef4b2484583d5afe082aee638bf5fd5a606193901a08f4ab41aab
            9b134880
            """,
          ciphertext: """
            3f67850714b8da69efb727ed7a6c0c50714ad736c4f5600006e3525be807c467c677ff864af45fba09c27cde38f87a1f
            84d59ab255408f2c7b82f9ead41a1fe65eabebfbc1f3a4c56c9a26fcf7b3d66d0220ee4775bc58170a2b12f3431d11b3
            44d6e36c
            """),
    .init(clause: "TS 33.401 C.3 (128-EEA1) test set 3", key: "0a8b6bd8d9b08b08d64e32d1817777fb", count: 0x544d49cd, bearer: 0x04, direction: 0, bitLength: 310,
          plaintext: """
            fd40a41d370a1f65745095687d47ba1d36d2349e23f644392c8ea9c49d40c13271aff264d0f248
            """,
          ciphertext: """
            48148e5452a210c05f46bc80dc6f73495b02048c1b958b026102ca97280279a4c18d2ee308921c
            """),
    .init(clause: "TS 33.401 C.3 (128-EEA1) test set 4", key: "aa1f95aea533bcb32eb63bf52d8f831a", count: 0x72d8c671, bearer: 0x10, direction: 1, bitLength: 1022,
          plaintext: """
            fb1b96c5c8badfb2e8e8edfde78e57f2ad81e74103fc430a534dcc37afcec70e1517bb06f27219dae49022ddc47a068d
            e4c9496a951a6b09edbdc864c7adbd740ac50c022f3082bafd22d78197c5d508b977bca13f32e652e74ba728576077ce
            628c535e87dc6077ba07d29068590c8cb5f1088e082cfa0ec961302d69cf3d44
            """,
          ciphertext: """
            ffcfc2fead6c094e96c589d0f6779b6784246c3c4d1cea203db3901f40ad4fd7138bc6d77e8320cb102f497fdd44a269
            a96ecb28617700e332eb2f736b34f4f2693094e22ff94f9be4723da40c40dfd3931cc1ac9723f6b4a9913e96b6db7abc
            ace415177c1d0115c5f09b5fdea0b3adb8f9da6e9f9a04c543397b9d43f87330
            """),
    .init(clause: "TS 33.401 C.3 (128-EEA1) test set 5", key: "9618ae46891f86578eebe90ef7a1202e", count: 0xc675a64b, bearer: 0x0c, direction: 1, bitLength: 1245,
          plaintext: """
            8daa17b1ae050529c6827f28c0ef6a1242e93f8b314fb18a77f790ae049fedd612267fecaefc450174d76d9f9aa7755a
            30cd90a9a5874bf48eaf70eea3a62a250a8b6bd8d9b08b08d64e32d1817777fb544d49cd49720e219dbf8bbed33904e1
            fd40a41d370a1f65745095687d47ba1d36d2349e23f644392c8ea9c49d40c13271aff264d0f24841d6465f0996ff84e6
            5fc517c53efc3363c38492a8
            """,
          ciphertext: """
            6cdb18a7ca8218e86e4b4b716a4d04371fbec262fc5ad0b3819b187b97e55b1a4d7c19ee24c8b4d7723cfedf045b8aca
            e4869517d80e50615d9035d5d9c5a40af602280b542597b0cb18619eeb35925759d195e100e8e4aa0c38a3c2abe0f3d8
            ff04f3c33c295069c23694b5bbeacdd542e28e8a94edb9119f412d054be1fa7272b5ffb2b2570f4f7ceaf383a8a9d935
            72f04d6e3a6e293726ec62c8
            """),
    .init(clause: "TS 33.401 C.3 (128-EEA1) test set 6", key: "54f4e2e04c83786eec8fb5abe8e36566", count: 0xaca4f50f, bearer: 0x0b, direction: 0, bitLength: 3861,
          plaintext: """
            40981ba6824c1bfb4286b299783daf442c099f7ab0f58d5c8e46b104f08f01b41ab485472029b71d36bd1a3d90dc3a41
            b46d51672ac4c9663a2be063da4bc8d2808ce33e2cccbfc634e1b259060876a0fbb5a437ebcc8d31c19e4454318745e3
            fa16bb11adae248879fe52db2543e53cf445d3d828ce0bf5c560593d97278a59762dd0c2c9cd68d4496a792508614014
            b13b6aa51128c18cd6a90b87978c2ff1cabe7d9f898a411bfdb84f68f6727b1499cdd30df0443ab4a66653330bcba110
            5e4cec034c73e605b4310eaaadcfd5b0ca27ffd89d144df4792759427c9cc1f8cd8c87202364b8a687954cb05a8d4e2d
            99e73db160deb180ad0841e96741a5d59fe4189f15420026fe4cd12104932fb38f735340438aaf7eca6fd5cfd3a195ce
            5abe65272af607ada1be65a6b4c9c0693234092c4d018f1756c6db9dc8a6d80b888138616b681262f954d0e771174878
            0d92291d86299972db741cfa4f37b8b56cdb18a7ca8218e86e4b4b716a4d04371fbec262fc5ad0b3819b187b97e55b1a
            4d7c19ee24c8b4d7723cfedf045b8acae4869517d80e50615d9035d5d9c5a40af602280b542597b0cb18619eeb359257
            59d195e100e8e4aa0c38a3c2abe0f3d8ff04f3c33c295069c23694b5bbeacdd542e28e8a94edb9119f412d054be1fa72
            b09550
            """,
          ciphertext: """
            351e30d4d910c5dd5ad7834c426e6c0cab6486da7b0fda4cd83af1b9647137f1ac43b434223b19be07bd89d1cc306944
            d3361ea1a2f8cdbd321655976350d00b80dd838120a7755c6dea2ab2b0c99a913f47dae2b8deb9a829e5469ff2e18777
            6f6fd081e3871d119a76e24c917ea62648e02e90367564de72ae7e4f0a4249a9a5b0e465a2d6d9dc87843b1b875cc9a3
            be93d8da8f56ecaf5981fe93c284318b0dec7a3ba108e2cb1a61e966fa7afa7ac7f67f65bc4a2df070d4e434845f109a
            b2b68ade3dc316ca6332a62893e0a7ec0b4fc25191bf2ff1b9f9815e4ba8a99c643b521804f7d5850dde3952206ec6cc
            f340f9b3220b3023bdd063956ea8333920fde99e0675410e49ef3b4d3fb3df5192f99ca83d3b0032de08c220776a5865
            b0e4b3b0c75defe7762dff018ea7f5be2b2f972b2a8ba5970e43bd6fdd63dae629784ec48d610054ee4e4b5dbbf1fc2f
            a0b830e94dcbb7014e8ab429ab100fc48f83171d99fc258b7c2ba7c176eaeaad37f860d597a31ce79b594733c7141df7
            9151fca90c08478a5c6c2cc481d51ffece3cd7d2581348827a71f091428ebe38c95a3f5c63e056dfb7cc45a9b7c07d83
            4e7b20b99ed202429c14bb85ffa43b7cb68495cd75ab66d964d4cafe64dd9404dae2dc5110617f194fc3c184f583cd0d
            ef6d00
            """),
]

/// TS 33.401 C.4: 128-EIA1.
let eia1TestSets: [IntegrityVector] = [
    .init(clause: "TS 33.401 C.4 (128-EIA1) test set 1", key: "2bd6459f82c5b300952c49104881ff48", count: 0x38a6f056, bearer: 0x1f, direction: 0, bitLength: 88,
          message: "33323462633938613734790000000000", mac: 0x731f1165),
    .init(clause: "TS 33.401 C.4 (128-EIA1) test set 2", key: "7e5e94431e11d73828d739cc6ced4573", count: 0x36af6144, bearer: 0x18, direction: 1, bitLength: 254,
          message: "b3d3c9170a4e1632f60f861013d22d84b726b6a278d802d1eeaf1321ba5929dc", mac: 0xe3259f6f),
    .init(clause: "TS 33.401 C.4 (128-EIA1) test set 3", key: "d3419be821087acd02123a9248033359", count: 0xc7590ea9, bearer: 0x17, direction: 0, bitLength: 511,
          message: """
            bbb057038809496bcff86d6fbc8ce5b135a06b166054f2d565be8ace75dc851e0bcdd8f07141c495872fb5d8c0c66a8b
            6da556663e4e461205d84580bee5bc7e
            """, mac: 0x9a16c77d),
    .init(clause: "TS 33.401 C.4 (128-EIA1) test set 4", key: "83fd23a244a74cf358da3019f1722635", count: 0x36af6144, bearer: 0x0f, direction: 1, bitLength: 768,
          message: """
            35c68716633c66fb750c266865d53c11ea05b1e9fa49c8398d48e1efa5909d3947902837f5ae96d5a05bc8d61ca8dbef
            1b13a4b4abfe4fb1006045b674bb54729304c382be53a5af05556176f6eaa2ef1d05e4b083181ee674cda5a485f74d7a
            """, mac: 0xbba74492),
    .init(clause: "TS 33.401 C.4 (128-EIA1) test set 5", key: "6832a65cff4473621ebdd4ba26a921fe", count: 0x36af6144, bearer: 0x18, direction: 0, bitLength: 383,
          message: """
            d3c53839626820717765667620323837636240981ba6824c1bfb1ab485472029b71d808ce33e2cc3c0b5fc1f3de8a6dc
            """, mac: 0x4145e4b0),
    .init(clause: "TS 33.401 C.4 (128-EIA1) test set 6", key: "5d0a80d8134ae19677824b671e838af4", count: 0x7827fab2, bearer: 0x05, direction: 1, bitLength: 2558,
          message: message2558, mac: 0x0fa2b1ee),
    .init(clause: "TS 33.401 C.4 (128-EIA1) test set 7", key: "b3120ffdb2cf6af4e73eaf2ef4ebec69", count: 0x296f393c, bearer: 0x0b, direction: 1, bitLength: 16448,
          message: message16448, mac: 0xabf3e651),
]
