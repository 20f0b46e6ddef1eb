"""Swedish and English page text of the OAuth authorization server (its error page; the consent screen is
the vault's)."""

from __future__ import annotations

from samskapa.web.i18n_types import Language

MESSAGES: dict[str, dict[Language, str]] = {
    "oauth.error.title": {
        "sv": "Tjänsten som skickade hit dig gjorde fel",
        "en": "The service that sent you here made a mistake",
    },
    "oauth.error.intro": {
        "sv": "Samskapa kunde inte lita på förfrågan om dina uppgifter, så du har inte skickats tillbaka "
        "till tjänsten och inga uppgifter har delats.",
        "en": "Samskapa could not trust the request for your data, so you have not been sent back to the "
        "service and no data has been shared.",
    },
    "oauth.error.what": {
        "sv": "Stäng sidan och kontakta tjänsten om felet kvarstår. Uppge felkoden nedan.",
        "en": "Close this page and contact the service if the problem persists. Give them the error code "
        "below.",
    },
    "oauth.error.code": {"sv": "Felkod", "en": "Error code"},
    "oauth.error.details": {"sv": "Tekniska detaljer", "en": "Technical details"},
}
