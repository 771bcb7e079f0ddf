"""Country names as governments write them, mapped to ISO 3166 alpha-2 codes.

Best effort: an unknown name maps to None, never to a guess.
"""

import re

from anyascii import anyascii

_TABLE = """
AF afghanistan|AL albania|DZ algeria|AD andorra|AO angola|AG antigua and barbuda
AR argentina|AM armenia|AU australia|AT austria|AZ azerbaijan|BS bahamas|BS the bahamas
BH bahrain|BD bangladesh|BB barbados|BY belarus|BE belgium|BZ belize|BJ benin|BT bhutan
BO bolivia|BA bosnia and herzegovina|BW botswana|BR brazil|BN brunei|BG bulgaria
BF burkina faso|MM burma|MM myanmar|BI burundi|KH cambodia|CM cameroon|CA canada
CV cape verde|CV cabo verde|CF central african republic|TD chad|CL chile|CN china
CO colombia|KM comoros|CG congo|CG republic of the congo|CG congo republic of the
CD democratic republic of the congo|CD congo democratic republic of the|CD drc
CR costa rica|CI cote d ivoire|CI ivory coast|HR croatia|CU cuba|CY cyprus
CZ czech republic|CZ czechia|DK denmark|DJ djibouti|DM dominica|DO dominican republic
EC ecuador|EG egypt|SV el salvador|GQ equatorial guinea|ER eritrea|EE estonia|SZ eswatini
ET ethiopia|FJ fiji|FI finland|FR france|GA gabon|GM gambia|GM the gambia|GE georgia
DE germany|GH ghana|GR greece|GD grenada|GT guatemala|GN guinea|GW guinea bissau|GY guyana
HT haiti|HN honduras|HK hong kong|HU hungary|IS iceland|IN india|ID indonesia|IR iran
IR islamic republic of iran|IR iran islamic republic of|IQ iraq|IE ireland|IL israel
IT italy|JM jamaica|JP japan|JO jordan|KZ kazakhstan|KE kenya|KI kiribati
KP north korea|KP korea north|KP democratic people s republic of korea|KP dprk
KP korea democratic people s republic of|KR south korea|KR korea south|KR republic of korea
KR korea republic of|XK kosovo|KW kuwait|KG kyrgyzstan|LA laos|LV latvia|LB lebanon
LS lesotho|LR liberia|LY libya|LI liechtenstein|LT lithuania|LU luxembourg|MO macau
MG madagascar|MW malawi|MY malaysia|MV maldives|ML mali|MT malta|MH marshall islands
MR mauritania|MU mauritius|MX mexico|FM micronesia|MD moldova|MC monaco|MN mongolia
ME montenegro|MA morocco|MZ mozambique|NA namibia|NR nauru|NP nepal|NL netherlands
NZ new zealand|NI nicaragua|NE niger|NG nigeria|MK north macedonia|MK macedonia|NO norway
OM oman|PK pakistan|PW palau|PS palestinian|PS palestine|PS west bank|PA panama
PG papua new guinea|PY paraguay|PE peru|PH philippines|PL poland|PT portugal|QA qatar
RO romania|RU russia|RU russian federation|RW rwanda|KN saint kitts and nevis|LC saint lucia
VC saint vincent and the grenadines|WS samoa|SM san marino|ST sao tome and principe
SA saudi arabia|SA saudi|SN senegal|RS serbia|SC seychelles|SL sierra leone|SG singapore
SK slovakia|SI slovenia|SB solomon islands|SO somalia|ZA south africa|SS south sudan
ES spain|LK sri lanka|SD sudan|SR suriname|SE sweden|CH switzerland|SY syria
SY syrian arab republic|TW taiwan|TJ tajikistan|TZ tanzania|TZ united republic of tanzania
TH thailand|TL timor leste|TG togo|TO tonga|TT trinidad and tobago|TN tunisia|TR turkey
TR turkiye|TM turkmenistan|TV tuvalu|UG uganda|UA ukraine|AE united arab emirates|AE uae
GB united kingdom|GB uk|GB great britain|US united states|US usa
US united states of america|UY uruguay|UZ uzbekistan|VU vanuatu|VE venezuela|VN vietnam
VN viet nam|YE yemen|ZM zambia|ZW zimbabwe|VG british virgin islands|KY cayman islands
GI gibraltar|IM isle of man|JE jersey|GG guernsey|PR puerto rico|AW aruba|CW curacao
"""

_ADJECTIVES = (
    "RU russian|IR iranian|SY syrian|IQ iraqi|CN chinese|KP north korean|BY belarusian"
    "|LB lebanese|MX mexican|YE yemeni|AF afghan|PK pakistani|SA saudi arabian|EG egyptian"
    "|UA ukrainian|VE venezuelan|CU cuban|TR turkish|JO jordanian|LY libyan|SD sudanese"
    "|SO somali|KW kuwaiti|QA qatari|AE emirati|DE german|GB british|FR french|IN indian"
    "|KR south korean|CO colombian|PS palestinian|TN tunisian|MA moroccan|DZ algerian"
)

_NAMES: dict[str, str] = {}
for _row in (_TABLE.replace("\n", "|") + "|" + _ADJECTIVES).split("|"):
    if _row.strip():
        _code, _name = _row.strip().split(" ", 1)
        _NAMES[_name] = _code

_CODES = frozenset(_NAMES.values())
_NON_LETTERS = re.compile(r"[^a-z]+")


def _key(text: str) -> str:
    return _NON_LETTERS.sub(" ", anyascii(text).casefold()).strip()


def country_code(text: str | None) -> str | None:
    """ISO alpha-2 for a country name, adjective or code; None when unknown or empty."""
    if not text or not text.strip():
        return None
    stripped = text.strip()
    if len(stripped) == 2 and stripped.isalpha():
        code = stripped.upper()
        return code if code in _CODES or stripped.isupper() else None
    return _NAMES.get(_key(stripped))
