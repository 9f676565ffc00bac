"""Printed wordings of the IPRA work block: list headings (with sources), section ends, items.

Data for :mod:`mseflow.extractors.worklists`. Sources of the heading wordings:

* Order Mintrud № 486н (13.06.2017), Appendix 2: the block title «Рекомендации о
  показанных и противопоказанных видах трудовой деятельности с учетом нарушенных
  функций организма человека, обусловленных заболеваниями, последствиями травм и
  дефектами», the options of the recommended conditions (shared/forms-reference.md)
  and the table «Стойкие нарушения функций организма человека … | Рекомендации о
  противопоказанных видах трудовой деятельности*» keyed by impairment (зрение, слух,
  слепоглухота, …), as reproduced at studinfo.net/95007t2; the 545н form (26.06.2023)
  keeps the block;
* the ФРИ extract printout (github YuryZje/examples, apache-fop xsl/disability-statement:
  ipra.recomm.labor.conditions.xsl — heading «Рекомендуемые условия труда», value cells
  Нуждается / Не нуждается, Доступны / Недоступны, Возможна / Невозможна;
  ipra.non.recomm.labor.kinds.xsl — «Вид стойких нарушений функций организма человека |
  Рекомендации о противопоказанных видах трудовой деятельности», values «Присутствует /
  Отсутствует нарушение функции организма»);
* the old ИПР (Order 379н, 2008): «рекомендации о противопоказанных и доступных условиях
  и видах труда» (*unverified* exact wording: both orders of the two words are accepted);
* plain printouts and bureau letters: short forms «Противопоказано: …», «Доступны: …»,
  «Показаны виды труда: …»;
* the old ИПР card's «Заключение о рекомендуемом характере и условиях труда» (*unverified*
  against the order's text) and the header row of the 486н table «Стойкие нарушения
  функций организма человека … | Рекомендации о противопоказанных видах трудовой
  деятельности» (studinfo.net/95007t2), found by its second column's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

S = r"[\s,()«»\"-]+"
"""Between the words of a heading: spaces, commas, brackets, quotes."""


@dataclass(frozen=True, slots=True)
class Heading:
    """One printed wording of a list heading ("" = the block title or a combined heading)."""

    key: str
    pattern: re.Pattern[str]
    source: str
    inline: bool = False
    """A short-form heading («Противопоказаны: …») whose items follow on the same line."""


def _h(key: str, pattern: str, source: str, *, inline: bool = False) -> Heading:
    return Heading(key, re.compile(pattern.replace(" ", S)), source, inline)


F486 = "Приказ Минтруда № 486н, прил. 2, блок рекомендаций о трудовой деятельности"
FRI = "Выписка ФРИ, печатная форма (github YuryZje/examples, xsl/disability-statement/ipra*)"
IPR379 = "ИПР по приказу Минздравсоцразвития № 379н (2008), программа проф. реабилитации"
PLAIN = "распечатки и справки бюро МСЭ свободной формы (формулировки 486н/545н в прозе)"

HEADINGS: tuple[Heading, ...] = (
    _h("", r"(?<![а-я])показанн\w* и противопоказанн\w*", f"{F486}; 545н; {FRI}"),
    _h("", r"противопоказанн\w* и доступн\w* (условия|услови\w+|вид\w+)", IPR379),
    _h("", r"доступн\w* и противопоказанн\w* (условия|услови\w+|вид\w+)", IPR379),
    _h("", r"рекомендации по трудоустройству", PLAIN),
    _h("recommended_conditions", r"(рекомендуем|рекомендован|показан)\w* услови\w* труда", FRI),
    _h(
        "recommended_conditions",
        r"(рекомендуем|рекомендован|показан)\w* характер\w* (и|,) услови\w* труда",
        f"{IPR379}, карта ИПР: «Заключение о рекомендуемом характере и условиях труда» "
        "(*unverified* against the order's text; the old ИПР cards print it)",
    ),
    _h("recommended_conditions", r"рекомендации (по|об?|к) услови\w* труда", PLAIN),
    _h(
        "recommended_conditions",
        r"^(\d+[.)]?\s*)*(характер и )?услови[яе] (и характер )?труда",
        PLAIN,
    ),
    _h("recommended_conditions", r"^(\d+[.)]?\s*)*режим труда", PLAIN),
    _h("contraindications", r"вид\w* стойких нарушений функций", f"{F486} (таблица); {FRI}"),
    _h(
        "contraindications",
        r"^(\d+[.)]?\s*)*стойки\w* нарушени\w* (функци.*)?(рекомендаци|противопоказан)",
        f"{F486}, шапка таблицы «Стойкие нарушения функций организма человека … | "
        "Рекомендации о противопоказанных видах трудовой деятельности» (studinfo.net/95007t2)",
    ),
    _h(
        "contraindications",
        r"(?<![а-я])противопоказанн(?!ост)\w*",
        f"{F486}; {FRI}; {IPR379}",
    ),
    _h("contraindications", r"котор\w+ (им |ему |ей )?противопоказан", PLAIN),
    _h("contraindications", r"(?<![а-я])противопоказан[аоы]?\W*$", PLAIN),
    _h("available_work", r"котор\w+ (им |ему |ей )?(доступн|показан|рекомендован)", PLAIN),
    _h("contraindications", r"(?<![а-я])не\s?рекомендуем\w* (вид|услови|работ)", PLAIN),
    _h("contraindications", r"^(\d+[.)]?\s*)*противопоказан[оаы]?(?![а-я])", PLAIN, inline=True),
    _h(
        "contraindications",
        r"^(\d+[.)]?\s*)*(не рекомендуется|нельзя|запрещен[оаы]?)",
        PLAIN,
        inline=True,
    ),
    _h(
        "available_work",
        r"(?<![а-я])(доступн|показан|рекомендуем|рекомендованн|разрешенн|возможн)\w* "
        r"(вид\w*|профессии|работы|условия и виды) (трудов|труда|работ|профессиональн|деятельност)",
        f"{F486}; {PLAIN}",
    ),
    _h("available_work", r"(?<![а-я])(доступн|рекомендуем)\w* (профессии|специальности)", PLAIN),
    _h(
        "available_work",
        r"^(\d+[.)]?\s*)*(доступ(ен|на|ны|но)|показан[оаы]?)\s?:",
        PLAIN,
        inline=True,
    ),
    _h(
        "available_work",
        r"^(\d+[.)]?\s*)*доступ(ен|на|ны|но) (?!вид\w* трудовой деятельности в)",
        PLAIN,
        inline=True,
    ),
)
"""List headings as printed, most specific first. Matched on the normalised lower-case line."""

FUZZY_HEADINGS: tuple[tuple[str, str], ...] = (
    ("", "рекомендации о показанных и противопоказанных видах трудовой деятельности"),
    ("recommended_conditions", "рекомендуемые условия труда"),
    ("contraindications", "противопоказанные виды трудовой деятельности"),
    ("contraindications", "рекомендации о противопоказанных видах трудовой деятельности"),
    ("contraindications", "вид стойких нарушений функций организма человека"),
    ("available_work", "доступные виды трудовой деятельности"),
    ("available_work", "рекомендуемые виды трудовой деятельности"),
    ("available_work", "показанные виды трудовой деятельности"),
    ("available_work", "показаны виды труда"),
    ("recommended_conditions", "заключение о рекомендуемом характере и условиях труда"),
)
"""Canonical headings for OCR-damaged lines (rapidfuzz partial ratio)."""
FUZZY_MIN = 88.0

SHORT_HEADINGS: tuple[tuple[str, str], ...] = (
    ("contraindications", "противопоказано"),
    ("contraindications", "противопоказаны"),
    ("available_work", "доступно"),
    ("available_work", "доступны"),
    ("available_work", "показано"),
)
"""The one-word headings of plain printouts («Противопоказано:», «Доступно:»), for OCR damage."""

RECOMMENDED_ITEM = re.compile(
    r"^(доступны виды трудовой деятельности|трудовая деятельность (возможна|доступна)|"
    r"доступн\w? виды трудовой деятельности,? в (оптимальн|любых|допустим)|"
    r"доступн[аы]? трудовая деятельность (в|при) |"
    r"нуждается в|не нуждается в|может (выполнять|работать)|рекомендуется|показан[аоы]? (работа|труд)|"
    r"работа (в|на) (условиях|режиме)|сокращенн\w+ рабоч|дополнительн\w+ перерыв)"
)
"""Wordings of a recommended-conditions item (486н; ФРИ printout), even outside a heading; the
486н item «Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда» also
with its «ы» read «ь» or «и» (then it would pass for the heading «Доступные виды …»)."""

EXCLUSIVE_OPTIONS = (
    "доступны виды трудовой деятельности в оптимальных",
    "доступны виды трудовой деятельности в любых",
    "трудовая деятельность возможна при значительной помощи",
)
"""486н options that exclude each other: several of them unmarked is a blank option list."""

OPTION_TAIL = re.compile(r"(?<![а-я])виды трудовой деятельности,? в (оптимальн|любых|допустим)")
"""The middle of the first two 486н options («Доступны виды трудовой деятельности в
оптимальных, допустимых условиях труда», «… в любых условиях труда, но …»): a line with it is
one of them, its first word lost to OCR («НЫ ВИДЫ трудовой деятельности в оптимальных …»), never
the heading «Доступные виды трудовой деятельности»."""

TITLE_TAIL = re.compile(
    r"(нарушенн\w+ функци\w+ организма|обусловленн\w+ заболевани|последстви\w+ травм|"
    r"дефектами|^производственные факторы|^факторы|^и производственн|^человека|^организма|"
    r"^(видах )?(трудовой )?деятельности\W*$)"
)
"""The wrapped rest of a heading (never an item)."""

END = re.compile(
    r"^(\d+(\.\d+)*[.)]?\s*)?("
    r"мероприяти|прогнозируем|с содержанием|руководит|м\.?\s?п\.?$|заключени|дата выдачи|"
    r"дата разработки|дата составления|исполнител|срок исполнения|технически\w* средств|"
    r"перечень|сведения (о|актуальн|по состоянию)|информация о|физкультурно|выписк\w* сформирован|"
    r"дата формирования|медицинск\w* реабилитац|"
    r"профессиональн\w* реабилитац|профессиональн\w* ориентац|социальн\w* реабилитац|"
    r"социально|психолого|реконструктивн|протезирован|санаторно|подпись|председател|"
    r"ипра инвалида|индивидуальн\w* программ|наименование класса|примечани|"
    r"рекомендации (по|о) (?!услови|трудоустройств|вид|противопоказ)|рекомендуемые мероприятия|"
    r"нуждаемост|оценка результатов|результаты|выдана|печать|(с )?ипра ознакомлен|"
    r"согласен|согласна|отметка|решение|члены|специалист|врач|"
    r"оказани\w* помощи в трудоустройств|содействи\w* (в )?трудоустройств|"
    r"производственн\w* адаптац|профессиональн\w* (обучени|переобучени|подготовк|образовани)|"
    r"переобучени"
    r")"
)
"""The next block of the form: the work block's sections end there. The FRI register's
extract closes with a line on its data, «Сведения актуальны на дату формирования выписки» /
«… по состоянию на …» / «Дата формирования выписки: …» (never a kind of work); «руководит…»
also where OCR broke «Руководитель» («Руководите ть учреждения …»)."""

END_PHRASES: tuple[str, ...] = (
    "рекомендации по оборудованию",
    "технические средства реабилитации",
    "мероприятия социальной реабилитации",
    "мероприятия профессиональной реабилитации",
    "мероприятия медицинской реабилитации",
    "прогнозируемый результат",
    "руководитель бюро",
    "рекомендации по профессиональной ориентации",
    "рекомендации по профессиональному обучению",
    "содействие в трудоустройстве",
    "оказание помощи в трудоустройстве",
    "профессиональная ориентация",
    "производственная адаптация",
    "дата выдачи ипра",
    "с содержанием ипра",
)
"""Starts of the next blocks of the 486н / 379н forms (and its closing lines «Дата выдачи ИПРА
инвалида», «С содержанием ИПРА инвалида согласен», Приказ 486н, прил. 2), for OCR-damaged lines (fuzzy, on the
line's start; the exact wordings are in :data:`END`)."""

KEY_TITLE = re.compile(
    r"^(№\s*(п/п)?\s*)?(вид\w* )?(стойк\w+ )?(нарушени\w*|нарушенн\w+|ограничени\w*) "
    r"(основн\w+ )?(функци\w+|категори\w+)( организма| жизнедеятельности)?\W*$"
)
"""The title of the key column of the 486н contraindications table keyed by the kind of
persistent impairment («Стойкие нарушения функций организма | Виды трудовой деятельности»,
«Вид нарушения функций | …»): with a column title beside it (:data:`HEADER_ONLY`), the
table's header row, never a key with its item."""
MARKING_NOTE = re.compile(
    r"^\W*(?:не\s?)?нужн\w*\s+(?:подчеркнуть|зачеркнуть|обвести|отметить|выделить)\W*$"
)
"""The blank's instruction how to choose among its printed options, on a line of its own
under the heading: «(нужное подчеркнуть)» (Приказ 486н, Приложение № 2, п. 17 and the
recommended conditions), and the same instruction in the other customary wordings of Russian
blanks, «(ненужное зачеркнуть)», «(нужное обвести)», «(нужное отметить)». It tells how the
officer marks; it is never an item, and it neither ends the list nor opens one."""

INCAPABLE = re.compile(
    r"(неспособ\w* к трудов|трудовая деятельность противопоказана|нетрудоспособ|"
    r"способност\w* к трудов\w* (деятельност\w* )?противопоказан|"
    r"невозможност\w*.{0,30}осуществлени\w* трудов)"
)
"""The incapable note («Заключение …»): the incapable extractor's, never an item."""

NOT_LISTED = re.compile(
    r"(доступн\w* (все )?(иные |другие |остальные )?вид\w* трудовой деятельности,? не указанн)"
)
"""The form's note that every kind not listed as contraindicated is allowed."""
COLUMN_TITLE = re.compile(r"^(да\s*/\s*нет|да|нет|отметка\w*|\+\s*/\s*-|выбор|значение)$")
VALUE_COLUMN = re.compile(r"^(да\s*/\s*нет|нет\s*/\s*да|отметка\w*|\+\s*/\s*-|выбор|значение)$")
"""The title of a value column in a table's header row («Рекомендация | да/нет»)."""
VALUE_TITLE = re.compile(r"^(рекомендован\w*|рекомендуется|нуждаемость|наличие|нуждается)$")
"""A value column's title that reads like a «да» value: a title only after a column title."""
COLUMN_TITLES = re.compile(
    r"^(№\s*(п/п)?\s*)?(вид\w*|наименовани\w*|перечень|рекомендаци\w*|услови\w*|фактор\w*|"
    r"показател\w*|характер\w*|мероприяти\w*)(?![а-я])"
)
"""The first cell of a value table's header row («Вид трудовой деятельности, условие труда»)."""
HEADER_ONLY = re.compile(
    r"^(№\s*(п/п)?\s*)?(наименовани\w*( вида| вида деятельности| фактора)?|"
    r"вид\w*( трудовой деятельности| труда| деятельности)?(,? услови\w* труда)?|перечень|"
    r"рекомендаци\w*|фактор\w*|показател\w*)\W*$"
)
"""A table's header row of column titles only (ФРИ printout and bureau tables)."""
COLUMN_HEADER = re.compile(r"^(№|n|no)\s*(п/п|пп)?\s+(вид|наименование|перечень|рекомендац)")
"""The header row of a numbered table («№ | Вид деятельности»): skipped."""
RUNNING_HEADER = re.compile(
    r"^(ипра инвалида|индивидуальн\w* программ\w* реабилитации|продолжение|окончание|"
    r"фку|бюро|ф\.?\s*и\.?\s*о)"
)
"""What the top of a continued page repeats (title, bureau, «продолжение»)."""
FOOTNOTE = re.compile(r"^(\*|<\*>|\(\*\)|¹)")
FURNITURE = re.compile(r"^((страница|стр|лист)\.?\s*\d+(\s*из\s*\d+)?|\d{1,3}|-\s*\d+\s*-)$")
"""Page numbers and running footers: skipped, they neither end a list nor belong to it."""

IMPAIRMENT = re.compile(
    r"^(\d+[.)]?\s*)?(стойк\w+ )?(нарушени\w+|расстройств\w+|снижени\w+|утрат\w+|отсутстви\w+) "
    r"([\w(),-]+ ){0,5}?\(?(функци\w+|зрения|слуха|слепоглухот\w*|конечност\w+|аппарата|систем\w+|"
    r"речи|интеллекта|психики|кровообращения|дыхания|пищеварения|обмена)"
)
"""The first cell of a table keyed by the kind of persistent impairment (486н table)."""
IMPAIRMENT_START = re.compile(
    r"^(\d+[.)]?\s*)?(стойк\w+ )?(нарушени|расстройств|снижени|утрат|отсутстви|слепоглухот)"
)
"""How a key cell starts in a keyed table whose columns are known (the cell may wrap)."""

NEGATIVE_ITEM = re.compile(
    r"^(нет|не имеется|не нуждается|не установлен\w*|отсутству\w*|не противопоказан\w*|"
    r"противопоказаний нет|ограничений нет|без ограничений|не указан\w*|значение не указано|"
    r"не определен\w*|не выявлен\w*|не рекомендован\w*|не предусмотрен\w*|"
    r"отсутствует нарушение функции организма|нет противопоказаний)$"
)
NEGATED_STATEMENT = re.compile(
    r"(?<![а-я])не (установлен|выявлен|определен|предусмотрен|противопоказан)\w*\W*$"
)
"""A statement that something is not so («… неспособность к трудовой деятельности не
установлена»), never an item of a list."""
NEGATIVE_CONDITION = re.compile(r"^(не нуждается|недоступн|не доступн|невозможн|не возможн)")

BULLETS = frozenset(["-", "–", "—", "•", "·", "●", "◦", "▸", "►", ">", "»", "o", "*"])
NUMBER = re.compile(r"^(\d{1,2}|[а-еa-e])[.)]$")
LEADING = re.compile(r"^[\s\-–—•·*_|\[\]>»‚‘’'`,.;:]*(?:(?:\d{1,2}|[а-е])[.)]\s*)*")
TRAILING = re.compile(r"[\s;,.:_|“”\"]+$")
HANGING = frozenset(
    [
        "и",
        "или",
        "а",
        "в",
        "во",
        "с",
        "со",
        "на",
        "по",
        "при",
        "для",
        "к",
        "ко",
        "от",
        "у",
        "без",
        "о",
        "об",
        "из",
        "за",
        "под",
        "над",
        "до",
        "как",
        "также",
        "связанные",
        "связанных",
        "требующие",
        "требующих",
    ]
)
CONNECTIVES = re.compile(r"^(и|или|а также|а|либо|в том числе|включая)\s")
ITEM_START = re.compile(
    r"^(работ|труд|тяжел|легк|средн|сверхурочн|ночн|вожден|управлен|обслуживан|деятельност|"
    r"умствен|физическ|контакт|воздейств|командиров|подъем|перенос|длительн|вынужден|"
    r"интенсивн|операторск|творческ|административн|квалифицирован|неквалифицирован|надомн|"
    r"монотонн|конвейер|вредн|опасн|нервно|пребыван|ходьб|стояни|высот|вибрац|шум|запылен|"
    r"загазован|охлажд|перегрев|токсич|химич|аллерг|микроклимат|инфекц|излучени|выполнени|"
    r"наклон|статическ|динамическ|точн|мелк|зрительн|слухов|речев|голосов|общени|"
    r"экстремальн|психоэмоционал|эмоционал|сменн|дежурств|офисн|канцелярск|учет|бухгалтер)"
)
"""How an item of a comma-separated prose list starts (splits prose; never gates an item)."""
