"""Pages travel compressed to browsers that accept it, for managers on slow phone connections."""

import gzip

from django.urls import reverse


def test_a_page_is_gzipped_for_a_browser_that_accepts_it_and_plain_for_one_that_does_not(client, db):
    compressed = client.get(reverse("accounts:login"), headers={"accept-encoding": "gzip, deflate, br"})
    plain = client.get(reverse("accounts:login"))

    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    page = gzip.decompress(compressed.content).decode()
    assert 'id="login-form"' in page
    assert len(compressed.content) < len(page) / 2
    assert not plain.has_header("Content-Encoding")
