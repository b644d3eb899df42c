"""Words for keyword search (BM25): English stemmed, Japanese split by SudachiPy.

bm25s scores the words it is given; it does not split text. Its English splitter takes a
run of letters as one word, and Japanese is written without spaces, so a whole Japanese
sentence would be one "word" that never matches. Japanese runs are therefore cut into
words by SudachiPy (its core dictionary, shipped as a package: offline), in their
normalised form (「問合せ」 and 「問い合わせ」 are one word), keeping the words that carry
meaning (nouns, verbs, adjectives, adverbs) and dropping particles, auxiliaries and
symbols. Latin text in a Japanese sentence ("API", "PoC") goes through the English path.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import bm25s
import Stemmer

_stemmer = Stemmer.Stemmer("english")
# Kana, CJK ideographs, the iteration mark and the prolonged sound mark; full-width forms
# are folded to ASCII by NFKC before this (Sudachi does that itself for the words it reads).
JAPANESE_RUN = re.compile(
    r"[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+"
)
_CONTENT = frozenset({"名詞", "動詞", "形容詞", "形状詞", "副詞", "代名詞"})
_local = threading.local()  # a Sudachi tokenizer is not safe to share between threads


def _sudachi() -> Any:
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import Dictionary

        tokenizer = Dictionary(dict="core").create()
        _local.tokenizer = tokenizer
    return tokenizer


def _japanese_words(text: str) -> list[str]:
    from sudachipy import SplitMode

    words: list[str] = []
    for run in JAPANESE_RUN.findall(text):
        for morpheme in _sudachi().tokenize(run, SplitMode.C):
            if morpheme.part_of_speech()[0] in _CONTENT:
                words.append(morpheme.normalized_form())
    return words


def words(texts: list[str]) -> list[list[str]]:
    """The search words of each text."""
    latin = [JAPANESE_RUN.sub(" ", t) for t in texts]
    english: list[list[str]] = bm25s.tokenize(
        latin, stopwords="en", stemmer=_stemmer, return_ids=False, show_progress=False
    )
    return [
        [*found, *_japanese_words(text)] if JAPANESE_RUN.search(text) else found
        for found, text in zip(english, texts, strict=True)
    ]
