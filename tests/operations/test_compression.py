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


def test_files_compressed_already_go_as_they_are_and_json_is_gzipped(rf):
    from django.http import HttpResponse, JsonResponse

    from blkk_portal.middleware import TextGZipMiddleware

    request = rf.get("/", headers={"accept-encoding": "gzip"})
    answers = {
        "application/pdf": HttpResponse(b"%PDF-1.7 " * 500, content_type="application/pdf"),
        "image/jpeg": HttpResponse(b"\xff\xd8" * 500, content_type="image/jpeg"),
        "json": JsonResponse({"rows": ["sama"] * 500}),
        "csv": HttpResponse("a;b\n" * 500, content_type="text/csv; charset=utf-8"),
    }
    encodings = {
        kind: TextGZipMiddleware(lambda request, answer=answer: answer)(request).get("Content-Encoding")
        for kind, answer in answers.items()
    }
    assert encodings == {"application/pdf": None, "image/jpeg": None, "json": "gzip", "csv": "gzip"}
