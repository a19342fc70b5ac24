"""Helpers for bench/serving_bench.py (experiments only; nothing here is used by the bot)."""
