"""Tests for core.address: every spelling of a webhook URL, token mode, clear errors, masking."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from core.address import Endpoint, parse_endpoint, parse_saved_address
from core.errors import InputError
from core.secrets import Redactor, mask_secret

SECRET = "k3abcdefgh12349q"
WEBHOOK = f"https://portal.bitrix24.com/rest/7/{SECRET}/"


def problem_of(url: str, token: str = "") -> tuple[str, str]:
    with pytest.raises(InputError) as info:
        parse_endpoint(url, token)
    err = info.value
    assert len(err.problems) == 1
    assert SECRET not in str(err)
    if token:
        assert token not in str(err)
    return err.problems[0].field, err.problems[0].message


# --- webhook spellings ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "spelling",
    [
        WEBHOOK,
        WEBHOOK.rstrip("/"),
        WEBHOOK + "im.notify.personal.add",
        WEBHOOK + "im.notify.personal.add.json",
        WEBHOOK + "im.notify.personal.add/",
        WEBHOOK + "profile.json?x=1#frag",
        "portal.bitrix24.com/rest/7/" + SECRET,
        "portal.bitrix24.com/rest/7/" + SECRET + "/profile",
        "//portal.bitrix24.com/rest/7/" + SECRET,
        "HTTPS://Portal.Bitrix24.com/rest/7/" + SECRET + "/",
        "  " + WEBHOOK + "\n",
    ],
)
def test_every_webhook_spelling_gives_the_same_endpoint(spelling: str) -> None:
    ep = parse_endpoint(spelling)
    assert ep.kind == "webhook"
    assert ep.scheme == "https"
    assert ep.host == "portal.bitrix24.com"
    assert ep.user_id == 7
    assert ep.secret == SECRET
    assert ep.token == ""
    assert ep.base_url == WEBHOOK
    assert ep.method_url("im.notify.personal.add") == WEBHOOK + "im.notify.personal.add"
    assert ep.portal_url == "https://portal.bitrix24.com"


def test_explicit_http_is_kept_with_host_and_port() -> None:
    ep = parse_endpoint(f"http://127.0.0.1:8123/rest/1/{SECRET}/")
    assert ep.scheme == "http"
    assert ep.host == "127.0.0.1:8123"
    assert ep.base_url == f"http://127.0.0.1:8123/rest/1/{SECRET}/"


def test_www_is_never_stripped_and_the_host_is_not_mangled() -> None:
    ep = parse_endpoint(f"www.portal.example:8443/rest/1/{SECRET}")
    assert ep.host == "www.portal.example:8443"
    assert ep.scheme == "https"
    ep = parse_endpoint(f"https://b24-x1.www-corp.example/rest/1/{SECRET}")
    assert ep.host == "b24-x1.www-corp.example"


def test_international_and_ipv6_hosts() -> None:
    assert parse_endpoint(f"портал.рф/rest/1/{SECRET}").host == "портал.рф"
    ep = parse_endpoint(f"http://[::1]:9000/rest/1/{SECRET}/")
    assert ep.host == "[::1]:9000"
    assert ep.base_url == f"http://[::1]:9000/rest/1/{SECRET}/"


def test_a_path_prefix_in_front_of_rest_is_kept() -> None:
    ep = parse_endpoint(f"https://corp.example/b24/rest/3/{SECRET}/profile")
    assert ep.prefix == "/b24"
    assert ep.base_url == f"https://corp.example/b24/rest/3/{SECRET}/"


# --- token mode -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "portal",
    [
        "portal.bitrix24.com",
        "portal.bitrix24.com/",
        "https://portal.bitrix24.com",
        "https://portal.bitrix24.com/rest/",
        "https://portal.bitrix24.com/rest",
        "https://portal.bitrix24.com/rest/im.notify.personal.add.json",
        "https://portal.bitrix24.com/company/personal/user/1/",
    ],
)
def test_portal_plus_token(portal: str) -> None:
    ep = parse_endpoint(portal, " tok3n-value-0001 ")
    assert ep.kind == "token"
    assert ep.token == "tok3n-value-0001"
    assert ep.user_id is None and ep.secret == ""
    assert ep.base_url == "https://portal.bitrix24.com/rest/"
    assert ep.method_url("profile") == "https://portal.bitrix24.com/rest/profile"
    assert ep.secrets == ("tok3n-value-0001",)
    assert "tok3n-value-0001" not in repr(ep)
    assert "tok3n-value-0001" not in str(ep)
    assert mask_secret("tok3n-value-0001") in str(ep)
    assert "tok3n-value-0001" in ep.display(reveal=True)


def test_token_mode_keeps_http_for_a_local_portal() -> None:
    ep = parse_endpoint("http://127.0.0.1:5000", "abcdefghijkl")
    assert ep.base_url == "http://127.0.0.1:5000/rest/"


def test_single_label_hosts_need_an_explicit_scheme() -> None:
    assert parse_endpoint(f"http://bitrix/rest/1/{SECRET}").host == "bitrix"
    assert parse_endpoint(f"localhost/rest/1/{SECRET}").base_url == (
        f"https://localhost/rest/1/{SECRET}/"
    )
    assert parse_endpoint(f"intranet:8080/rest/1/{SECRET}").host == "intranet:8080"
    assert parse_endpoint("http://portal", "abcdefghijkl").host == "portal"
    with pytest.raises(InputError):
        parse_endpoint("portal", "abcdefghijkl")


# --- errors -----------------------------------------------------------------------------------
def test_webhook_url_together_with_a_token_is_refused() -> None:
    fld, msg = problem_of(WEBHOOK, "sometokenvalue")
    assert fld == "token"
    assert "webhook" in msg


def test_a_token_without_a_portal_is_refused() -> None:
    fld, msg = problem_of("", "sometokenvalue")
    assert fld == "url"
    assert "portal" in msg


def test_a_token_with_spaces_is_refused() -> None:
    fld, _ = problem_of("portal.example", "some token")
    assert fld == "token"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://portal.example/rest/abc123/", "user id"),
        (f"https://portal.example/rest/{SECRET}/im.notify.personal.add", "user id"),
        ("https://portal.example/rest/7/", "secret"),
        ("https://portal.example/rest/7", "secret"),
        ("https://portal.example/rest/", "user id and secret"),
        ("https://portal.example/rest/im.notify.personal.add.json", "user id and secret"),
        ("https://portal.example/rest/0/abc/", "positive"),
        ("https://portal.example", "not a webhook"),
        ("portal.example/some/page", "not a webhook"),
        ("hello", "does not look like a web address"),
        ("Привет", "does not look like a web address"),
        ("bitrix/rest/1/abcdefgh", "does not look like a web address"),
        ("http://bitrix", "not a webhook"),
        ("", "enter the webhook URL"),
        ("   ", "enter the webhook URL"),
        ("not a url at all", "spaces"),
        (f"https://portal.example/rest/7/{SECRET} /", "spaces"),
        ("ftp://portal.example/rest/1/abc/", "only http:// and https://"),
        ("mailto://x", "only http:// and https://"),
        ("https://", "no portal host"),
        ("https:///rest/1/abc", "no portal host"),
        ("https://user:pw@portal.example/rest/1/abc/", "user name or password"),
        ("https://portal.example:99999/rest/1/abc/", "port"),
        ("https://portal.example:abc/rest/1/abc/", "port"),
        ("https://por$tal.example/rest/1/abc/", "host"),
        ("https://[::1/rest/1/abc", "valid"),
        ("://portal.example", "not a web address"),
        (f"https://portal.example/rest/1/{SECRET}/a/b/c", "unexpected parts"),
        ("https://portal.example/rest/1/ab<c>/", "characters"),
        ("https://portal.example/rest/1/ab'c/", "characters"),
        (f"https://portal.example/rest/1/{mask_secret(SECRET)}/", "masked"),
        ("https://portal.example/rest/1/k3%E2%80%A69q/", "masked"),
        ("https://portal.example/rest/1/*****/", "masked"),
    ],
)
def test_unusable_addresses_get_a_clear_reason(url: str, words: str) -> None:
    fld, msg = problem_of(url)
    assert fld == "url"
    assert words in msg


def test_a_masked_token_is_refused() -> None:
    fld, msg = problem_of("portal.example", mask_secret(SECRET))
    assert fld == "token" and "masked" in msg


def test_non_text_input_is_refused() -> None:
    with pytest.raises(InputError):
        parse_endpoint(None)  # type: ignore[arg-type]


def test_an_endpoint_passes_through() -> None:
    ep = parse_endpoint(WEBHOOK)
    assert parse_endpoint(ep) is ep


# --- masking ----------------------------------------------------------------------------------
def test_repr_str_and_display_are_masked() -> None:
    ep = parse_endpoint(WEBHOOK)
    masked = f"https://portal.bitrix24.com/rest/7/{mask_secret(SECRET)}/"
    assert ep.masked_base_url == masked
    assert ep.masked_method_url("profile") == masked + "profile"
    assert str(ep) == masked
    assert repr(ep) == f"Endpoint({masked!r})"
    assert SECRET not in repr(ep) and SECRET not in str(ep) and SECRET not in f"{ep}"
    assert SECRET not in repr([ep]) and SECRET not in repr({"e": ep})
    assert ep.display(reveal=True) == WEBHOOK
    assert ep.secrets == (SECRET,)


# --- redirects --------------------------------------------------------------------------------
def test_with_location_keeps_credentials_and_takes_the_new_origin() -> None:
    ep = parse_endpoint(WEBHOOK)
    moved = ep.with_location("https://new-portal.bitrix24.com/")
    assert moved.base_url == f"https://new-portal.bitrix24.com/rest/7/{SECRET}/"
    moved = ep.with_location("http://Other.example:8080")
    assert moved.scheme == "http" and moved.host == "other.example:8080"
    assert moved.secret == SECRET and moved.user_id == 7


def test_with_location_takes_a_full_webhook_path() -> None:
    ep = parse_endpoint(WEBHOOK)
    moved = ep.with_location(f"https://new.example/rest/9/{SECRET}2/im.notify.personal.add")
    assert moved.base_url == f"https://new.example/rest/9/{SECRET}2/"
    assert moved.kind == "webhook"


def test_with_location_resolves_relative_locations() -> None:
    ep = parse_endpoint(f"http://127.0.0.1:5000/rest/1/{SECRET}/")
    moved = ep.with_location(f"/moved/rest/1/{SECRET}/im.notify.personal.add")
    assert moved.base_url == f"http://127.0.0.1:5000/moved/rest/1/{SECRET}/"


def test_with_location_in_token_mode() -> None:
    ep = parse_endpoint("portal.example", "abcdefghijkl")
    moved = ep.with_location("https://new.example/rest/im.notify.personal.add")
    assert moved.kind == "token" and moved.token == "abcdefghijkl"
    assert moved.base_url == "https://new.example/rest/"


def test_with_location_refuses_a_strange_scheme() -> None:
    with pytest.raises(InputError):
        parse_endpoint(WEBHOOK).with_location("ftp://evil.example/")


# --- properties -------------------------------------------------------------------------------
_label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
hosts = st.builds(
    lambda labels, port: ".".join(labels) + (f":{port}" if port else ""),
    st.lists(_label, min_size=2, max_size=4),  # single-label hosts need a scheme (tested above)
    st.one_of(st.none(), st.integers(1, 65535)),
)
secrets = st.from_regex(r"[a-z0-9]{8,32}", fullmatch=True)
user_ids = st.integers(1, 10**9)
methods = st.sampled_from(["", "im.notify.personal.add", "profile", "method.get", "user.search"])


@given(
    host=hosts,
    user_id=user_ids,
    secret=secrets,
    scheme=st.sampled_from(["https://", ""]),
    method=methods,
    json_suffix=st.booleans(),
    slash=st.booleans(),
)
def test_any_webhook_round_trips_through_every_spelling(
    host: str,
    user_id: int,
    secret: str,
    scheme: str,
    method: str,
    json_suffix: bool,
    slash: bool,
) -> None:
    url = f"{scheme}{host}/rest/{user_id}/{secret}"
    if method:
        url += "/" + method + (".json" if json_suffix else "")
    if slash:
        url += "/"
    ep = parse_endpoint(url)
    assert (ep.kind, ep.scheme, ep.host, ep.user_id, ep.secret) == (
        "webhook",
        "https",
        host,
        user_id,
        secret,
    )
    assert ep.base_url == f"https://{host}/rest/{user_id}/{secret}/"
    assert parse_endpoint(ep.base_url) == ep
    assert parse_endpoint(ep.method_url("im.notify.personal.add")) == ep
    assume(secret not in host)
    for shown in (repr(ep), str(ep), ep.masked_base_url, ep.display(), ep.masked_method_url("x")):
        assert secret not in shown


@given(host=hosts, token=secrets, scheme=st.sampled_from(["https://", "http://", ""]))
def test_any_portal_with_a_token_round_trips(host: str, token: str, scheme: str) -> None:
    ep = parse_endpoint(f"{scheme}{host}", token)
    assert ep.kind == "token"
    assert ep.scheme == ("http" if scheme == "http://" else "https")
    assert ep.host == host
    assert parse_endpoint(ep.base_url, token) == ep
    assume(token not in host)
    assert token not in repr(ep) and token not in str(ep)


@given(text=st.text(max_size=60), token=st.text(max_size=20))
def test_parse_endpoint_never_crashes(text: str, token: str) -> None:
    # Any text either gives an endpoint or a clear InputError; nothing else escapes.
    try:
        ep = parse_endpoint(text, token)
    except InputError as e:
        assert e.problems and e.problems[0].field in ("url", "token")
    else:
        assert isinstance(ep, Endpoint)
        assert parse_endpoint(ep.base_url, ep.token) == ep


@given(text=st.text(alphabet="htps:/.[]@%?#0123456789abcrest-_ …:*", max_size=50))
def test_url_like_garbage_never_crashes(text: str) -> None:
    try:
        ep = parse_endpoint(text)
    except InputError as e:
        assert [p.field for p in e.problems] == ["url"]
    else:
        assert ep.kind == "webhook" and ep.user_id and ep.secret
        assert "…" not in ep.secret and "*" not in ep.secret
        assert parse_endpoint(ep.base_url) == ep


def test_an_endpoints_secrets_feed_a_redactor() -> None:
    ep = parse_endpoint(WEBHOOK)
    log_line = f"POST {ep.method_url('im.notify.personal.add')} failed"
    assert Redactor(ep.secrets).scrub(log_line) == (
        f"POST {ep.masked_method_url('im.notify.personal.add')} failed"
    )


# --- control characters -------------------------------------------------------------------------
_CONTROLS = ["\x00", "\x01", "\x1b", "\x7f", "\x9b", "\u200b", "\u200e", "\ufeff",
             "\ud800", "\ue000", "\U000e0001"]  # fmt: skip


@pytest.mark.parametrize("char", _CONTROLS)
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_a_token_with_a_control_character_is_refused(char: str, where: str) -> None:
    token = {"start": char + "abcdefgh", "middle": "abcd" + char + "efgh",
             "end": "abcdefgh" + char}[where]  # fmt: skip
    with pytest.raises(InputError) as info:
        parse_endpoint("portal.example", token)
    assert [p.field for p in info.value.problems] == ["token"]


@pytest.mark.parametrize("char", _CONTROLS)
def test_a_webhook_url_with_a_control_character_is_refused(char: str) -> None:
    for url in (f"https://portal.example/rest/7/{SECRET}{char}/",
                f"https://portal.example/rest/7/{SECRET[:4]}{char}{SECRET[4:]}/",
                f"https://portal.example/pre{char}fix/rest/7/{SECRET}/",
                f"https://portal.example/rest/7/{SECRET}/im.notify{char}"):  # fmt: skip
        with pytest.raises(InputError) as info:
            parse_endpoint(url)
        assert [p.field for p in info.value.problems] == ["url"]
        assert SECRET not in str(info.value)


@pytest.mark.parametrize("encoded", ["%00", "%01", "%1B", "%1b", "%7F", "%0A", "%0d", "%C2%85"])
def test_a_secret_with_a_percent_encoded_control_character_is_refused(encoded: str) -> None:
    with pytest.raises(InputError):
        parse_endpoint(f"https://portal.example/rest/7/{SECRET}{encoded}/")
    moved = parse_endpoint(WEBHOOK).with_location(f"https://new.example/rest/9/x{encoded}y/")
    assert moved.secret == SECRET and moved.user_id == 7  # its own credentials, not that one


def test_percent_encoded_ordinary_characters_still_work() -> None:
    assert parse_endpoint(f"https://portal.example/rest/7/{SECRET}%2D/").secret == SECRET + "%2D"


# --- schemes ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "javascript://%0aalert(1)",
     "data:text/html,<b>x</b>", "data:,x", "ftp://x.example/rest/1/abcdefgh1/",
     "FTP://x.example/", "file:///etc/passwd", "file:/etc/passwd", "file://host/share",
     "mailto:a@b.example", "vbscript:x", "ws://x.example/rest/1/abcdefgh1/", "about:blank",
     "blob:https://x.example/1", "gopher://x.example:70/"],
)  # fmt: skip
@pytest.mark.parametrize("token", ["", "abcdefghijkl"])
def test_only_http_addresses_are_accepted(url: str, token: str) -> None:
    with pytest.raises(InputError) as info:
        parse_endpoint(url, token)
    message = str(info.value)
    assert "only http:// and https:// addresses are accepted" in message
    assert "must be a number" not in message


@pytest.mark.parametrize("url", ["localhost:8080/rest/1/abcdefgh1/", "portal.example:8443",
                                 "127.0.0.1:5000/rest/1/abcdefgh1/"])  # fmt: skip
def test_a_host_and_port_without_scheme_is_still_an_address(url: str) -> None:
    token = "" if "/rest/" in url else "abcdefghijkl"
    assert parse_endpoint(url, token).scheme == "https"


def test_a_scheme_with_one_slash_missing_says_so() -> None:
    with pytest.raises(InputError) as info:
        parse_endpoint("http:portal.example/rest/1/abcdefgh1/")
    assert "two slashes" in str(info.value)


def test_urllib_errors_do_not_carry_the_address_into_the_error() -> None:
    password = "s3cretPassw0rd"
    for url in (f"https://user:{password}@exa\uff0fmple.com/rest/1/{SECRET}/",
                f"https://[::1/rest/1/{SECRET}/"):  # fmt: skip
        with pytest.raises(InputError) as info:
            parse_endpoint(url)
        err = info.value
        assert err.__context__ is None and err.__cause__ is None
        for text in (str(err), repr(err), err.explanation, repr(err.args)):
            assert password not in text and SECRET not in text


# --- the address without its secret ------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "token", "saved", "key"),
    [
        (
            WEBHOOK,
            "",
            "https://portal.bitrix24.com/rest/7/",
            "webhook https://portal.bitrix24.com/rest/7",
        ),
        (
            f"http://Intranet.LOCAL:8080/b24/rest/3/{SECRET}/profile.json",
            "",
            "http://intranet.local:8080/b24/rest/3/",
            "webhook http://intranet.local:8080/b24/rest/3",
        ),
        (
            "portal.bitrix24.com",
            "tok-123456",
            "https://portal.bitrix24.com",
            "token https://portal.bitrix24.com",
        ),
        (
            "https://example.com/b24/rest/",
            "tok-123456",
            "https://example.com/b24/rest/",
            "token https://example.com/b24",
        ),
    ],
)
def test_an_endpoint_gives_its_address_and_keyring_key_without_the_secret(
    url: str, token: str, saved: str, key: str
) -> None:
    endpoint = parse_endpoint(url, token)
    assert endpoint.address_without_secret == saved
    assert endpoint.keyring_key == key  # the names the window's keyring entries already have
    assert SECRET not in saved + key and "tok-123456" not in saved + key
    back = parse_saved_address(saved)
    assert back is not None
    assert back == endpoint.saved
    assert (back.kind, back.portal_url, back.user_id) == (
        endpoint.kind,
        endpoint.portal_url,
        endpoint.user_id,
    )
    assert back.keyring_key == key and back.address_without_secret == saved
    secret = endpoint.secret or endpoint.token
    assert back.with_secret(secret) == endpoint


@pytest.mark.parametrize(
    "text",
    ["", "   ", WEBHOOK, "not an address", "https://portal.bitrix24.com/rest/0/", "ftp://portal/"],
)
def test_only_an_address_without_a_secret_reads_back(text: str) -> None:
    assert parse_saved_address(text) is None


def test_a_saved_address_refuses_an_unusable_secret() -> None:
    webhook = parse_saved_address("https://portal.bitrix24.com/rest/7/")
    portal = parse_saved_address("portal.bitrix24.com")
    assert webhook is not None and portal is not None
    for saved, bad, field in (
        (webhook, "", "url"),
        (webhook, "abc/profile", "url"),
        (webhook, "*****", "url"),
        (portal, " ", "token"),
        (portal, "two words", "token"),
    ):
        with pytest.raises(InputError) as info:
            saved.with_secret(bad)
        assert [p.field for p in info.value.problems] == [field]


# --- the shapes, as string code (no regex compiled at import: issue 10) ------------------------
from core import address  # noqa: E402  (the private helpers, held to the patterns they replace)

_URL_CHARS = "aZ09+-._~%:/?#@[]!$&'()*,;= \t\nſİ٣５é\u2028\x00"
_URL_PIECES = [
    "http", "https", "HTTPS", "h1+.-", "1http", "javascript", "mailto", "://", ":", "//", "/",
    "portal.example", "localhost", ":8080", ":80/", "rest", "/rest/", "1", "secret", "?", "#",
    "@", "[::1]", "[", "]", "%41", "%", "..", "xn--d1a", "пример.рф", "\n", " ",
]  # fmt: skip
urls = st.one_of(
    st.text(alphabet=st.sampled_from(_URL_CHARS), max_size=16),
    st.lists(st.sampled_from(_URL_PIECES), max_size=8).map("".join),
)
_URL_EDGES = [
    "", ":", "a:", "a://", "a:/", "a:1", "a:1/", "a:1?", "a:1#", "a:1x", "a:1\n", "a:\n", "1a:b",
    "javascript:alert(1)", "localhost:8080", "portal.example:8080/rest/1/x/", "h+-.:x", "h.:x",
    "//portal/rest/1/s/", "https://portal/rest/1/s/?a#b", "https://[::1]:8/x", "https://u@h/",
    "HTTP://Portal.Example", "https://portal#x/y?z", "https://portal?x/y#z", "x://",
]  # fmt: skip


@pytest.mark.parametrize("text", _URL_EDGES)
def test_the_shapes_at_their_edges(text: str) -> None:
    _shapes_match_their_patterns(text)


@given(urls)
def test_the_shapes_match_their_patterns(text: str) -> None:
    _shapes_match_their_patterns(text)


def _shapes_match_their_patterns(text: str) -> None:
    import re
    from urllib.parse import urlsplit

    assert address._has_scheme(text) == bool(re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", text))
    other = re.match(r"^([A-Za-z][A-Za-z0-9+-]*):(?![0-9]+(?:[/?#]|$))", text)
    assert address._other_scheme(text) == (other.group(1) if other else None), text
    assert address._is_host(text) == bool(re.match(r"^[\w-]+(?:\.[\w-]+)*\.?$", text)), text
    assert address._is_secret_text(text) == bool(re.match(r"^[A-Za-z0-9._~%-]+$", text)), text
    assert address._is_saved_webhook(text) == bool(re.search(r"/rest/[0-9]+/$", text)), text
    try:
        expected: object = tuple(urlsplit(text))
    except ValueError:
        expected = ValueError
    try:
        got: object = tuple(address.split_url(text))
    except ValueError:
        got = ValueError
    assert got == expected, text


def test_a_host_label_takes_what_backslash_w_takes_in_every_script() -> None:
    import re

    word = re.compile(r"[\w-]")
    for code in range(0x110000):
        char = chr(code)
        assert address._is_host(char) == bool(word.fullmatch(char)), hex(code)


def test_usual_addresses_are_split_without_urllib_parse() -> None:
    """-S: without site, whose editable-install finder (dev venv) imports urllib.parse itself."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys\n"
        "from core.address import parse_endpoint\n"
        "e = parse_endpoint('https://portal.example/rest/1/k3abcdefgh12349q/')\n"
        "assert e.secret == 'k3abcdefgh12349q', e\n"
        "parse_endpoint('portal.example:8443', 'tok3nAccess7777zz')\n"
        "assert 'urllib.parse' not in sys.modules and 're' not in sys.modules\n"
        "parse_endpoint('https://[::1]:8443/rest/1/k3abcdefgh12349q/')\n"
        "assert 'urllib.parse' in sys.modules  # brackets: urlsplit's own IPv6 check\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-S", "-c", code], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
