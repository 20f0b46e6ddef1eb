from __future__ import annotations

from fastapi.testclient import TestClient


def test_header_offers_sign_in_or_the_account(client: TestClient) -> None:
    client.cookies.clear()
    signed_out = client.get("/", headers={"Accept-Language": "sv"}).text
    assert 'href="/login"' in signed_out
    assert "Logga in" in signed_out
    signed_in = client.get("/", headers={"Accept-Language": "en", "Cookie": "samskapa_session=anything"}).text
    assert 'href="/account"' in signed_in
    assert 'href="/login"' not in signed_in
    client.cookies.clear()
