"""Feedback texts in English and Chinese: one string, the language chosen when it is shown.

A :class:`Bilingual` *is* its English text (a ``str``), so everything that stores, compares
or writes feedback keeps working in English: the answers recorded in a notebook, the
``detail`` column of ``crmsim grade``'s CSV file, tests that look for an English phrase. Its
Chinese counterpart travels with it in ``.zh``; :func:`local` picks the text of the current
language (``crmsim.set_language``) when the feedback is shown. :func:`bi_format` builds a
sentence in both languages from parts that may themselves be bilingual.

Examples
--------
>>> from crmsim.language.translate import use_language
>>> hint = Bilingual("Look at the summary table.", "看看汇总表。")
>>> hint == "Look at the summary table."
True
>>> with use_language("zh"):
...     print(local(hint))
看看汇总表。
>>> line = bi_format("Hint: {text}", "提示：{text}", text=hint)
>>> print(line)
Hint: Look at the summary table.
>>> with use_language("zh"):
...     print(local(line))
提示：看看汇总表。
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from crmsim.language.translate import get_language

__all__ = ["Bilingual", "bi_format", "bi_join", "chinese", "local", "text_key"]


class Bilingual(str):
    """A text whose value is English and whose Chinese counterpart is ``zh``.

    Its ``repr`` is the English string's, as for any ``str``.

    Parameters
    ----------
    en : str
        The English text (the string's own value).
    zh : str
        The same text in simplified Chinese.
    """

    zh: str

    def __new__(cls, en: str, zh: str) -> Bilingual:
        text = super().__new__(cls, en)
        text.zh = str(zh)
        return text

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (Bilingual, (str(self), self.zh))


def chinese(text: object) -> object:
    """The Chinese side of ``text`` if it has one, else ``text`` itself.

    Examples
    --------
    >>> chinese(Bilingual("yes", "是")), chinese("yes"), chinese(3)
    ('是', 'yes', 3)
    """
    return text.zh if isinstance(text, Bilingual) else text


def local(text: object) -> str:
    """``text`` in the current language: the Chinese side of a bilingual text in Chinese mode.

    Examples
    --------
    >>> local(Bilingual("yes", "是")), local("only English")
    ('yes', 'only English')
    """
    if get_language() == "zh":
        return str(chinese(text))
    return str(text)


def marks() -> tuple[str, str, str]:
    """The colon that joins a label to its text, the space after it and the exclamation
    mark, in the current language: full-width in Chinese, with no space after the colon.

    Examples
    --------
    >>> marks()
    (':', ' ', '!')
    >>> from crmsim.language.translate import use_language
    >>> with use_language("zh"):
    ...     marks()
    ('：', '', '！')
    """
    return ("：", "", "！") if get_language() == "zh" else (":", " ", "!")


def bi_format(en: str, zh: str, /, **values: object) -> Bilingual:
    """Fill an English and a Chinese template; bilingual values go in on their own side.

    Examples
    --------
    >>> bi_format("{n:.1f} units of {what}", "{n:.1f} 个{what}", n=2,
    ...           what=Bilingual("apples", "苹果")).zh
    '2.0 个苹果'
    """
    english = {k: (str(v) if isinstance(v, Bilingual) else v) for k, v in values.items()}
    chinese_values = {k: chinese(v) for k, v in values.items()}
    return Bilingual(en.format(**english), zh.format(**chinese_values))


def bi_join(en_separator: str, zh_separator: str, texts: Iterable[object]) -> Bilingual:
    """Join texts with a separator of each language.

    Examples
    --------
    >>> bi_join(" and ", "，并且", [Bilingual("a", "甲"), "b"]).zh
    '甲，并且b'
    """
    texts = list(texts)
    return Bilingual(
        en_separator.join(str(t) for t in texts), zh_separator.join(str(chinese(t)) for t in texts)
    )


def text_key(text: str) -> str:
    """The key of an English text in a translation catalogue: a hash of its words.

    Spacing and line breaks do not change the key; any other change to the text does, so a
    translation is found only for the text it was made from.

    Examples
    --------
    >>> text_key("Customers are not a fixed list")
    '7a6d99d60b3d'
    >>> text_key("Customers are not\\n a fixed list") == text_key("Customers are not a fixed list")
    True
    """
    words = " ".join(text.split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:12]
