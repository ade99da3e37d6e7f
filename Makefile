# VCore: `make run` runs the main job, `make test` runs every test. Both install what they need.
.PHONY: setup build run test bench fuzz clean

setup:
	@scripts/setup.sh

build: setup
	swift build

run: setup
	@scripts/run.sh

# One test at a time: on a 2-core machine Swift's cooperative pool has two threads, and tests that
# wait on tools (tshark, pycrate, ip, crun) hold them, starving the timers of async tests running
# beside them. Serial takes no longer here (about 3.5 minutes) and no test waits on another.
test: setup
	swift build --build-tests
	swift test --skip-build --no-parallel

bench: setup
	swift build -c release --product codec-bench
	swift build -c release --product sctp-bench
	$$(swift build -c release --show-bin-path)/codec-bench
	$$(swift build -c release --show-bin-path)/sctp-bench

# Each codec's libFuzzer target for FUZZ_SECONDS (docs/fuzzing.md).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= gtpv2c gtpu diameter s1ap nas
fuzz: setup
	@for target in $(FUZZ_TARGETS); do \
	  swift build -c release --scratch-path .build-fuzz --product fuzz-$$target -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING || exit 1; \
	  mkdir -p .build-fuzz/corpus-$$target; \
	  SWIFT_BACKTRACE=enable=no .build-fuzz/release/fuzz-$$target -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=.build-fuzz/ .build-fuzz/corpus-$$target || exit 1; \
	done

clean:
	swift package clean
	rm -rf .build-fuzz
