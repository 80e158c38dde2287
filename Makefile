# The README's commands. `make run` and `make test` set up everything they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
STORE  ?= data/graph
PORT   ?= 8501
DOCS   := $(wildcard data/docs/*)
# The national pool `make run` imports: CHAINKG_POOL, else ../shared/datasets/chain-kg when it exists.
POOL   ?= $(or $(CHAINKG_POOL),$(wildcard ../shared/datasets/chain-kg))
POOL_FILES := $(if $(POOL),$(wildcard $(POOL)/*.jsonl))

.PHONY: setup run build pool test neo4j neo4j-stop lint bench bench-full clean

setup: $(STAMP)

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

# The embedded graph is rebuilt when it is missing or older than the documents or the ontology (a
# graph made by an older version is brought up to date by the build).
$(STORE)/CURRENT: $(DOCS) graph/ontology.py | $(STAMP)
	$(BIN)/python -m ingest build --store $(STORE) data/docs
	@touch $@

build: $(STORE)/CURRENT

# The pool is imported again only when one of its files or the graph changed since the last import.
$(STORE)/POOL.imported: $(POOL_FILES) $(STORE)/CURRENT | $(STAMP)
	$(BIN)/python -m ingest pool --store $(STORE) $(POOL)
	@touch $@

ifneq ($(POOL_FILES),)
pool: $(STORE)/POOL.imported
else
pool:
	@echo "未配置全国企业库: 设置 CHAINKG_POOL=目录 后再运行 make run, 缺链招商页才有候选企业"
endif

run: build pool
	@echo "产业链知识图谱: http://localhost:$(PORT)"
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

test: setup
	tools/run-tests.sh

neo4j:
	@tools/neo4j/neo4j.sh start

neo4j-stop:
	@tools/neo4j/neo4j.sh stop

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(STORE) .pytest_cache tests/artifacts
include bench/Makefile.inc
