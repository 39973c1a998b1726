"""Tests for core.secrets: masks never give the secret away, the redactor finds every spelling."""

from __future__ import annotations

from urllib.parse import quote, quote_plus

from hypothesis import given
from hypothesis import strategies as st

from core.secrets import ELLIPSIS, Redactor, mask_secret


def test_mask_keeps_two_characters_at_each_end() -> None:
    assert mask_secret("k3abcdefgh9q") == "k3…9q"


def test_short_secrets_are_masked_completely() -> None:
    assert mask_secret("") == ELLIPSIS
    assert mask_secret("abc") == ELLIPSIS
    assert mask_secret("abcdefg") == ELLIPSIS
    assert mask_secret("abcdefgh") == "ab…gh"


@given(st.text(min_size=1, max_size=64))
def test_a_mask_never_contains_a_secret_of_eight_or_more_characters(secret: str) -> None:
    mask = mask_secret(secret)
    assert ELLIPSIS in mask
    if len(secret) >= 8:
        assert secret not in mask
        assert len(mask) == 5


def test_redactor_replaces_raw_and_url_encoded_occurrences() -> None:
    secret = "s3cr/et+key=value"
    text = (
        f"raw {secret} | quoted {quote(secret, safe='')} | plus {quote_plus(secret)} | "
        f"lower {quote(secret, safe='').lower()}"
    )
    scrubbed = Redactor([secret]).scrub(text)
    assert secret not in scrubbed
    assert quote(secret, safe="") not in scrubbed
    assert quote_plus(secret) not in scrubbed
    assert quote(secret, safe="").lower() not in scrubbed
    assert scrubbed.count(mask_secret(secret)) == 4


def test_redactor_handles_several_secrets_and_ignores_empty_ones() -> None:
    r = Redactor(["abcdefgh12345678", "", None, "tokentokentoken1"])
    out = r.scrub("https://p/rest/1/abcdefgh12345678/x?auth=tokentokentoken1")
    assert out == "https://p/rest/1/ab…78/x?auth=to…n1"
    assert bool(r)
    assert not Redactor([])
    assert Redactor([]).scrub("nothing to hide") == "nothing to hide"


def test_redactor_prefers_the_longest_secret() -> None:
    # A secret that contains another one is replaced as a whole, not piecewise.
    r = Redactor(["abcdefgh", "xxabcdefghyy"])
    assert r.scrub("[xxabcdefghyy]") == "[xx…yy]"


def test_redactor_repr_does_not_show_secrets() -> None:
    assert "abcdefgh" not in repr(Redactor(["abcdefgh"]))


@given(
    # ASCII secrets cannot overlap a mask (the mask holds "…"), so the property is exact.
    secret=st.text(st.characters(codec="ascii"), min_size=8, max_size=40),
    before=st.text(max_size=20),
    after=st.text(max_size=20),
)
def test_scrubbed_text_never_contains_the_secret(secret: str, before: str, after: str) -> None:
    text = before + secret + after + quote(secret, safe="") + quote_plus(secret)
    scrubbed = Redactor([secret]).scrub(text)
    assert secret not in scrubbed
    assert quote(secret, safe="") not in scrubbed


@given(st.text(alphabet=st.sampled_from("aZ09_.-~%/+ =é\u3000ſ"), max_size=12))
def test_every_spelling_is_found_without_urllib_when_none_differs(secret: str) -> None:
    """A secret of characters quote() never encodes is spelled once, without urllib.parse; the
    spellings are those urllib.parse gives for every secret."""
    import re

    from core.secrets import _spellings

    forms = {secret, quote(secret, safe=""), quote_plus(secret, safe="")}
    forms |= {re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), f) for f in list(forms)}
    assert _spellings(secret) == {f for f in forms if f}
