"""The serving benchmark, `python -m bench.serving` (`make bench-serving`): Tickfix against
the stock `rasa init` bot; and nlu_cost.py, the CPU of one NLU parse. Experiments only:
nothing here is used by the bot. run.py says what the benchmark does and how to read it.

Why: the benchmark holds several ideas (the conversations, training, load
generation, /proc readings, serving one bot, the report); each is a module, and the
servers are started by the same helpers as the tests' (tests/support/servers.py).
"""
