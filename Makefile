# The README's two commands: `make plan` and `make test`.
CARGO ?= cargo
DATASET ?= datasets/brs-2026-2029
OUT ?= plans/brs-2026-2029

.PHONY: deps plan test bench
deps:
	@sh tools/deps.sh

plan: deps
	@$(CARGO) run --release --quiet -- plan $(DATASET) --out $(OUT)

test:
	@sh tools/deps.sh test
	$(CARGO) test --release

bench: deps
	$(CARGO) bench
