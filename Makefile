# Thin wrapper over CMake/Ninja so the README's commands stay short.
BUILD   ?= build
SANBUILD ?= build-san
JOBS    ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps build run check sanitize format bench clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@scripts/first-run $(BUILD)/tindung var/tindung.db
	$(BUILD)/tindung serve --db var/tindung.db

check: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

sanitize: deps
	cmake -S . -B $(SANBUILD) -G Ninja -DTD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(SANBUILD) -j $(JOBS)
	cd $(SANBUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

bench: build
	cmake --build $(BUILD) --target bench
	scripts/run-bench $(BUILD)

clean:
	rm -rf $(BUILD) $(SANBUILD)
