# Pigeon: `make run` starts pigeond on the embedded store; `make test` runs every test.
# Everything the project needs comes from Debian packages, installed here when missing.

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= 2
CONFIG ?= config/pigeon.properties

BUILD_PACKAGES := cmake g++ make libpoco-dev libboost-dev libmysqlcppconn-dev catch2 \
  libicu-dev libkainjow-mustache-dev libphonenumber-dev libsodium-dev libsqlite3-dev libssl-dev \
  ca-certificates
# cpack's DEB generator: dpkg-shlibdeps (dpkg-dev) computes Depends, `file` finds the ELF
# files for it. No fakeroot: cpack writes root-owned archives itself.
PACKAGE_PACKAGES := dpkg-dev file
# The .deb test also runs the package's postinst (adduser) and cpack.
# clang and its runtime build the libFuzzer targets (plugins/provider_smpp/fuzz) with ASan/UBSan;
# kannel-extras brings Kannel's drive_smpp, an SMSC the SMPP plugin is tested against.
TEST_PACKAGES := mariadb-server-core mariadb-client-core curl python3 adduser chromium \
  clang libclang-rt-14-dev kannel-extras $(PACKAGE_PACKAGES)
BENCH_PACKAGES := wrk bc kannel kannel-extras sqlite3

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps test-deps node-deps bench-deps package-deps build run test bench package format clean

all: build

# Installs only what is missing, so a machine that has everything never touches apt.
define install_missing
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_missing,$(BUILD_PACKAGES))

test-deps: deps node-deps
	$(call install_missing,$(TEST_PACKAGES))

# Node.js and npm drive the browser tests (tests/browser). A machine may have a Node.js from
# another source that bundles its own npm, and Debian's npm would conflict with it, so apt is
# asked only for a command that is missing, never because a Debian package is absent.
node-deps:
	@missing=; \
	command -v node >/dev/null 2>&1 || missing="nodejs"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends $$missing; \
	fi

bench-deps: test-deps
	$(call install_missing,$(BENCH_PACKAGES))

package-deps: deps
	$(call install_missing,$(PACKAGE_PACKAGES))

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	./$(BUILD_DIR)/bin/pigeond --config $(CONFIG)

test: test-deps build
	tests/support/run_tests.sh $(BUILD_DIR)

bench: bench-deps build
	bench/run.sh $(BUILD_DIR)
	bench/kannel_vs_pigeond.sh $(BUILD_DIR)
	bench/entity_import.sh $(BUILD_DIR)
	bench/inbound.sh $(BUILD_DIR)
	bench/selection.sh $(BUILD_DIR)
	bench/campaign.sh $(BUILD_DIR)
	bench/reminders.sh $(BUILD_DIR)
	bench/two_hosts.sh $(BUILD_DIR)

# The pigeon and pigeon-sdk .debs, in $(BUILD_DIR)/packages (see docs/PACKAGING.md).
package: package-deps build
	cd $(BUILD_DIR) && cpack -G DEB

# Formats every C++ file with the checked-in .clang-format.
format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
