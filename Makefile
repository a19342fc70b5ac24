# Tickfix's tasks. `make help` lists them. Everything sets itself up from nothing.
SHELL := /bin/bash
VENV := .venv
RASA := source scripts/env.sh && $(VENV)/bin/rasa
PY := source scripts/env.sh && $(VENV)/bin/python
MODEL := models/tickfix.tar.gz
TRAINING_FILES := config.yml domain.yml $(wildcard data/*.yml)

.DEFAULT_GOAL := help
.PHONY: help setup setup-web setup-browser web train run run-production forget services-stop test lint validate test-unit test-stories test-production test-reliability test-dialogue learned-model bench bench-learned bench-serving bench-watch clean

help: ## List the tasks
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

setup: ## Create .venv with a Python 3.10 and the pinned requirements (skipped when unchanged)
	@scripts/setup_venv.sh

setup-web: ## Install the chat widget (npm ci in web/, skipped when unchanged)
	@scripts/setup_web.sh

setup-browser: ## Install Debian's Chromium for the browser test (skipped when present)
	@scripts/setup_browser.sh

$(MODEL): $(TRAINING_FILES) | setup
	$(RASA) train --fixed-model-name tickfix --out models --quiet

train: setup $(MODEL) ## Train the model when data, domain or config changed

run: setup setup-web $(MODEL) ## Serve the bot: Rasa on :5005 (REST, socket.io, HTTP API), actions on :5055, chat page on :8080
	@scripts/run.sh

run-production: setup setup-web $(MODEL) ## Serve with PostgreSQL + Redis on loopback; refuses without its secrets (docs/production.md)
	@$(PY) scripts/preflight.py && scripts/services.sh start .run/services >/dev/null && source .run/services/services.env && TICKFIX_PRODUCTION=1 ENDPOINTS=endpoints.production.yml scripts/run.sh

forget: setup ## Erase a conversation's stored events: make forget SENDER=<sender id> (ENDPOINTS for production)
	@$(PY) scripts/forget.py

services-stop: ## Stop the PostgreSQL and Redis that run-production started
	@scripts/services.sh stop .run/services

web: setup-web ## Serve only the chat page on :8080 (WEB_PORT); the bot itself is `make run`
	$(PY) scripts/serve_web.py

lint: setup ## Check the Python style with ruff: lint and format (settings in pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

validate: setup ## Check domain, data and config for mistakes
	$(RASA) data validate --fail-on-warnings

test-unit: setup setup-web setup-browser $(MODEL) ## pytest: diagnosis, actions, channels, web, end-to-end
	$(PY) -m pytest -q tests

test-stories: setup $(MODEL) ## Conversation tests (tests/test_*.yml): NLU and dialogue, trained model
	$(RASA) test core --stories tests --model $(MODEL) --e2e --fail-on-prediction-errors --out results

test-production: setup $(MODEL) ## 2 Rasa + 2 action servers on PostgreSQL + Redis: 200 conversations, WhatsApp/Twilio across servers
	$(PY) -m pytest -q -rxX -m production tests/production

test-reliability: setup $(MODEL) ## Bad input, a fuzzer (REST, WhatsApp, Twilio) and faults (action server, PostgreSQL, Graph API)
	$(PY) -m pytest -q -rxX -m reliability tests/reliability

test-dialogue: setup $(MODEL) ## Off-script turns from every dialogue state, en/es/pt: prints the robustness table (~3 min)
	$(PY) bench/dialogue_robustness.py

test: lint validate train test-unit test-stories test-production test-reliability test-dialogue ## Everything CI runs

learned-model: setup ## Fit the classifier's learned model again after its texts changed (knowledge wordings, bench/data, bench/real dev half; ~15 s)
	$(PY) scripts/fit_learned_model.py

bench: setup ## Classifier accuracy and speed: the team's set (bench/test), then the real texts' dev and held-out halves
	$(PY) bench/classifier_bench.py
	$(PY) bench/classifier_bench.py --set real
	$(PY) bench/classifier_bench.py --set real-heldout

bench-learned: setup ## A learned model beside the classifier: 5-fold cross-validation on the real dev half (~4 min)
	$(PY) bench/learned_baseline.py

bench-serving: setup ## Serving speed and memory against the stock `rasa init` bot (~6-10 min)
	$(PY) -m bench.serving --json results/serving.json

bench-watch: setup $(MODEL) ## Failure watch under a campaign burst: 100,000 signed status webhooks vs chat latency, report with 1M failures (~5 min)
	$(PY) bench/watch_bench.py

format: setup ## Format the Python code with ruff (what `make lint` checks)
	$(VENV)/bin/ruff format .

clean: ## Remove the model, test results and caches (keeps .venv)
	rm -rf models results .rasa .pytest_cache
