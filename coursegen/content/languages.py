"""The language registry: every code the upstream course uses, and how to present it.

theme: the Material for MkDocs interface language to borrow (the theme ships no translation for
some codes, and a stock build crashes on them). search: the lunr language the search plugin
supports, or None. babel: the locale used to format numbers and dates.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

ENGLISH = "en"  # the course's source language: lessons/ and docs/en/


@dataclass(frozen=True)
class Language:
    code: str
    english_name: str
    native_name: str
    direction: str = "ltr"
    theme: str = ""
    search: str | None = None
    babel: str = ""

    @property
    def theme_language(self) -> str:
        return self.theme or self.code

    @property
    def theme_borrowed(self) -> bool:
        """The theme has no interface strings in this language: it shows English ones, unless the
        language's strings.yml translates them (its theme: block)."""
        return self.theme == "en" and self.code != "en"

    @property
    def babel_locale(self) -> str:
        return self.babel or self.code.replace("-", "_")


def _lang(code, english, native, direction="ltr", theme="", search=None, babel=""):
    return Language(code, english, native, direction, theme, search, babel)


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in [
        _lang("en", "English", "English", search="en"),
        _lang("ar", "Arabic", "العربية", "rtl", search="ar"),
        _lang("bg", "Bulgarian", "Български"),
        _lang("bn", "Bengali", "বাংলা"),
        _lang("cs", "Czech", "Čeština"),
        _lang("da", "Danish", "Dansk", search="da"),
        _lang("de", "German", "Deutsch", search="de"),
        _lang("el", "Greek", "Ελληνικά"),
        _lang("es", "Spanish", "Español", search="es"),
        _lang("et", "Estonian", "Eesti"),
        _lang("fa", "Persian", "فارسی", "rtl"),
        _lang("fi", "Finnish", "Suomi", search="fi"),
        _lang("fr", "French", "Français", search="fr"),
        _lang("he", "Hebrew", "עברית", "rtl"),
        _lang("hi", "Hindi", "हिन्दी", search="hi"),
        _lang("hr", "Croatian", "Hrvatski"),
        _lang("hu", "Hungarian", "Magyar", search="hu"),
        _lang("id", "Indonesian", "Bahasa Indonesia"),
        _lang("it", "Italian", "Italiano", search="it"),
        _lang("ja", "Japanese", "日本語", search="ja"),
        _lang("km", "Khmer", "ខ្មែរ", theme="en"),
        _lang("kn", "Kannada", "ಕನ್ನಡ", search="kn"),
        _lang("ko", "Korean", "한국어", search="ko"),
        _lang("lt", "Lithuanian", "Lietuvių"),
        _lang("ml", "Malayalam", "മലയാളം", theme="en"),
        _lang("mr", "Marathi", "मराठी", theme="en"),
        _lang("ms", "Malay", "Bahasa Melayu"),
        _lang("my", "Burmese", "မြန်မာ"),
        _lang("ne", "Nepali", "नेपाली", theme="en"),
        _lang("nl", "Dutch", "Nederlands", search="nl"),
        _lang("no", "Norwegian", "Norsk", theme="nb", search="no", babel="nb"),
        _lang("pa", "Punjabi", "ਪੰਜਾਬੀ", theme="en"),
        _lang("pcm", "Nigerian Pidgin", "Naijá", theme="en", babel="pcm"),
        _lang("pl", "Polish", "Polski"),
        _lang("pt-BR", "Portuguese (Brazil)", "Português (Brasil)", search="pt"),
        _lang("pt-PT", "Portuguese (Portugal)", "Português (Portugal)", theme="pt", search="pt"),
        _lang("ro", "Romanian", "Română", search="ro"),
        _lang("ru", "Russian", "Русский", search="ru"),
        _lang("sk", "Slovak", "Slovenčina"),
        _lang("sl", "Slovenian", "Slovenščina"),
        _lang("sr", "Serbian", "Српски"),
        _lang("sv", "Swedish", "Svenska", search="sv"),
        _lang("sw", "Swahili", "Kiswahili", theme="en"),
        _lang("ta", "Tamil", "தமிழ்", search="ta"),
        _lang("te", "Telugu", "తెలుగు", search="te"),
        _lang("th", "Thai", "ไทย", search="th"),
        _lang("tl", "Tagalog", "Tagalog", babel="fil"),
        _lang("tr", "Turkish", "Türkçe", search="tr"),
        _lang("uk", "Ukrainian", "Українська"),
        _lang("ur", "Urdu", "اردو", "rtl"),
        _lang("vi", "Vietnamese", "Tiếng Việt", search="vi"),
        _lang("zh-CN", "Chinese (Simplified)", "简体中文", theme="zh", search="zh", babel="zh_Hans_CN"),
        _lang("zh-HK", "Chinese (Hong Kong)", "繁體中文（香港）", theme="zh-Hant", search="zh", babel="zh_Hant_HK"),
        _lang("zh-MO", "Chinese (Macau)", "繁體中文（澳門）", theme="zh-Hant", search="zh", babel="zh_Hant_MO"),
        _lang("zh-TW", "Chinese (Taiwan)", "繁體中文（台灣）", search="zh", babel="zh_Hant_TW"),
    ]
}

# Codes older upstream files use, and the code each stands for now.
ALIASES = {"zh": "zh-CN", "tw": "zh-TW", "hk": "zh-HK", "mo": "zh-MO", "pt": "pt-PT", "br": "pt-BR"}


@functools.cache
def babel_locale(lang: str) -> Locale:
    """The locale that formats numbers and dates for a language and gives its plural rules
    (parsed once: it is asked often); English for a code Babel does not know."""
    code = LANGUAGES[lang].babel_locale if lang in LANGUAGES else "en"
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@functools.cache
def language_name(lang: str, in_lang: str) -> str:
    """CLDR's name of a language in another one, or in itself ("Deutsch", "Melayu", "اردو"),
    as a sentence names it; the registry's own name where CLDR has none."""
    try:
        name = Locale.parse(LANGUAGES[lang].babel_locale).get_language_name(babel_locale(in_lang))
    except (KeyError, UnknownLocaleError, ValueError):
        name = None
    return name or (LANGUAGES[lang].native_name if lang in LANGUAGES else lang)


def is_rtl(lang: str) -> bool:
    return lang in LANGUAGES and LANGUAGES[lang].direction == "rtl"


def get_language(code: str) -> Language:
    """The registry entry for a code (or an older alias); KeyError names the unknown code."""
    code = ALIASES.get(code, code)
    if code not in LANGUAGES:
        raise KeyError(f"unknown language code '{code}' (known: {', '.join(sorted(LANGUAGES))})")
    return LANGUAGES[code]
