"""The JSON API and the pages over a real store, through FastAPI's TestClient."""

from __future__ import annotations

import io
import logging
import shutil
import sqlite3

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from mseflow.cli import main
from mseflow.errors import ExitCode
from mseflow.fixtures.sample import SAMPLE_DIR
from mseflow.review.app import create_app
from mseflow.review.config import ReviewConfig

from .conftest import LOOPBACK, Workspace, csrf_of, process, review_config, settings_for_tests

TOKEN = "t0ken-for-tests-only-0123456789"


def _invalid_id(client: TestClient) -> str:
    items = client.get("/api/queue", params={"reason": "group_term_mismatch"}).json()["items"]
    assert len(items) == 1
    return items[0]["record_id"]


def test_queue_shape_order_and_paging(client: TestClient) -> None:
    body = client.get("/api/queue").json()
    assert body["total"] == len(body["items"]) >= 2
    first = body["items"][0]
    assert set(first) >= {"record_id", "doc_type", "status", "reasons", "confidence"}
    assert (first["status"], first["reasons"]) == ("invalid", ["group_term_mismatch"])
    assert first["record_id"].endswith(":1-1") and len(first["record_id"].split(":")[0]) == 64
    assert [i["priority"] for i in body["items"]] == sorted(i["priority"] for i in body["items"])
    second = client.get("/api/queue", params={"limit": 1, "offset": 1}).json()
    assert second["total"] == body["total"] and second["items"] == body["items"][1:2]
    only = client.get("/api/queue", params={"status": "needs_review", "doc_type": "other"}).json()
    assert only["total"] >= 1
    assert {(i["status"], i["doc_type"]) for i in only["items"]} == {("needs_review", "other")}


def test_queue_page_in_russian(client: TestClient) -> None:
    page = client.get("/", params={"reason": "group_term_mismatch"})
    assert page.status_code == 200
    assert "Срок не соответствует группе" in page.text  # message_ru of group_term_mismatch
    assert "Ошибка в документе" in page.text and 'Найдено: <b id="queue-total">1</b>' in page.text


def test_record_payload_page_image_and_geometry(client: TestClient) -> None:
    rid = _invalid_id(client)
    record = client.get(f"/api/records/{rid}").json()
    assert record["record_id"] == rid and record["doc_type"] == "mse_certificate"
    assert record["review_history"] == [] and isinstance(record["candidates"], dict)
    assert record["review"] == {"status": None, "by": None, "at": None}
    png = client.get(f"/api/records/{rid}/pages/1.png")
    assert png.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    geometry = client.get(f"/api/records/{rid}/pages/1.json").json()
    assert geometry["unit"] == "pt" and round(geometry["width"]) == 595  # A4 in points
    assert abs(image.width / image.height - geometry["width"] / geometry["height"]) < 0.01
    assert client.get(f"/api/records/{rid}/pages/2.png").status_code == 404
    assert client.get("/api/records/nope:1-1").status_code == 404
    html = client.get(f"/records/{rid}").text
    assert 'data-field="valid_until"' in html and "data-bbox=" in html
    assert "Срок — до" in html and "Подтвердить (Enter)" in html


def test_post_without_csrf_is_rejected(client: TestClient, workspace: Workspace) -> None:
    rid = _invalid_id(client)
    refused = client.post(f"/api/records/{rid}/review", json={"decision": "accept"})
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    wrong = {"X-CSRF-Token": "not-the-token"}
    assert (
        client.post(
            f"/api/records/{rid}/review", json={"decision": "accept"}, headers=wrong
        ).status_code
        == 403
    )
    cross = {**csrf_of(client), "Origin": "http://evil.example"}
    assert (
        client.post(
            f"/api/records/{rid}/review", json={"decision": "accept"}, headers=cross
        ).status_code
        == 403
    )
    with sqlite3.connect(workspace.database) as conn:
        assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0


def test_correct_stores_rows_and_revalidates(client: TestClient, workspace: Workspace) -> None:
    rid = _invalid_id(client)
    headers = csrf_of(client)
    preview = client.post(
        f"/api/records/{rid}/preview", json={"fields": {"disability_group": "I"}}, headers=headers
    ).json()
    assert preview["check"]["status"] == "valid" and preview["record"]["disability_group"] == 1
    assert "group_term_mismatch" not in preview["html"]
    bad = client.post(
        f"/api/records/{rid}/review",
        json={"decision": "correct", "fields": {"valid_until": "31.02.2027"}},
        headers=headers,
    )
    assert bad.status_code == 422 and "ДД.ММ.ГГГГ" in bad.json()["errors"]["valid_until"]
    done = client.post(
        f"/api/records/{rid}/review",
        json={"decision": "accept", "fields": {"disability_group": "I"}, "reviewer": "Петрова",
              "comment": "группа по скану"},
        headers=headers,
    ).json()  # fmt: skip
    assert done["disability_group"] == 1 and done["validation"]["status"] == "valid"
    assert (done["review"]["status"], done["review"]["by"]) == ("corrected", "Петрова")
    assert [h["decision"] for h in done["review_history"]][0] == "correct"
    with sqlite3.connect(workspace.database) as conn:
        rows = conn.execute(
            "SELECT field, old_value, new_value, decision, reviewer, comment FROM reviews "
            "WHERE record_id = ? AND (field IS NULL OR field = 'disability_group')",
            (rid,),
        ).fetchall()
    assert rows == [
        (None, None, None, "correct", "Петрова", "группа по скану"),
        ("disability_group", "3", "1", "correct", "Петрова", "группа по скану"),
    ]
    assert client.get("/api/queue").json()["items"][0]["record_id"] != rid
    done_queue = client.get("/api/queue", params={"review": "done"}).json()
    assert [i["record_id"] for i in done_queue["items"]] == [rid]


def test_rerun_keeps_the_correction(client: TestClient, workspace: Workspace) -> None:
    rid = _invalid_id(client)
    client.post(
        f"/api/records/{rid}/review",
        json={"decision": "correct", "fields": {"disability_group": "1"}, "reviewer": "Петрова"},
        headers=csrf_of(client),
    )
    process(workspace.inputs, workspace.out)  # files already stored: validated again only
    kept = client.get(f"/api/records/{rid}").json()
    assert (kept["disability_group"], kept["validation"]["status"]) == (1, "valid")
    process(workspace.inputs, workspace.out, redo=True)  # extraction runs again
    again = client.get(f"/api/records/{rid}").json()
    assert again["source_path"].startswith(str(workspace.inputs))  # really re-processed
    assert again["disability_group"] == 1 and again["validation"]["status"] == "valid"
    assert again["review"]["status"] == "corrected"


def test_reject(client: TestClient) -> None:
    other = client.get("/api/queue", params={"doc_type": "other"}).json()["items"][0]
    done = client.post(
        f"/api/records/{other['record_id']}/review",
        json={"decision": "reject", "reviewer": "Петрова"},
        headers=csrf_of(client),
    ).json()
    assert done["review"]["status"] == "rejected"


def test_page_found_after_the_file_moved(workspace: Workspace, tmp_path) -> None:  # noqa: ANN001
    drop = tmp_path / "drop"
    drop.mkdir()
    source = drop / "certificate-text.pdf"
    shutil.copy2(SAMPLE_DIR / "documents" / "certificate-text.pdf", source)
    out = tmp_path / "moved-out"
    process(drop, out)
    sha = (
        sqlite3.connect(out / "records.sqlite")
        .execute("SELECT source_sha256 FROM records")
        .fetchone()[0]
    )
    (out / "processed").mkdir()
    source.rename(out / "processed" / f"{sha[:12]}.pdf")
    config = ReviewConfig(out_dir=out, settings=settings_for_tests())
    with TestClient(create_app(config), base_url=LOOPBACK) as client:
        page = client.get(f"/api/records/{sha}:1-1/pages/1.png")
        assert page.status_code == 200 and page.content.startswith(b"\x89PNG")
        (out / "processed" / f"{sha[:12]}.pdf").unlink()
        assert client.get(f"/api/records/{sha}:1-1/pages/1.json").status_code == 200  # cached
        config2 = ReviewConfig(out_dir=out, settings=settings_for_tests())
    with TestClient(create_app(config2), base_url=LOOPBACK) as fresh:
        gone = fresh.get(f"/api/records/{sha}:1-1/pages/1.png")
        assert gone.status_code == 404 and "not found" in gone.json()["detail"]


def test_token_login_and_reviewer_from_session(workspace: Workspace) -> None:
    app = create_app(review_config(workspace, token=TOKEN, host="0.0.0.0"))
    with TestClient(app, base_url="http://review.example:8765") as client:
        assert client.get("/api/queue").status_code == 401
        assert client.get("/", follow_redirects=False).headers["location"] == "/login"
        form = client.get("/login").text
        csrf = form.split('name="csrf_token" value="')[1].split('"')[0]
        wrong = client.post("/login", data={"csrf_token": csrf, "name": "Петрова", "token": "x"})
        assert "Неверный токен" in wrong.text
        ok = client.post(
            "/login", data={"csrf_token": csrf, "name": "Петрова", "token": TOKEN},
            follow_redirects=False,
        )  # fmt: skip
        assert ok.status_code == 303
        rid = _invalid_id(client)
        done = client.post(
            f"/api/records/{rid}/review",
            json={"decision": "accept", "reviewer": "Кто-то другой"},
            headers=csrf_of(client),
        ).json()
        assert done["review"]["by"] == "Петрова"  # the session's name, not the body's
    with TestClient(app, base_url="http://review.example:8765") as api:
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        assert api.get("/api/queue", headers=bearer).status_code == 200
        other = api.get("/api/queue", params={"doc_type": "other"}, headers=bearer).json()
        rid = other["items"][0]["record_id"]
        done = api.post(f"/api/records/{rid}/review", json={"decision": "reject", "reviewer": "X"},
                        headers=bearer).json()  # fmt: skip
        assert done["review"]["by"] == "api-token"


def test_loopback_host_header_is_checked(client: TestClient) -> None:
    assert client.get("/api/queue", headers={"host": "attacker.example"}).status_code == 403


@pytest.mark.timeout(60)  # a broken check would start serving and block
def test_non_loopback_without_token_refuses_to_start(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MSEFLOW_REVIEW_TOKEN", raising=False)
    code = main(["review", str(workspace.out), "--host", "0.0.0.0", "--port", "8799"])
    assert code == ExitCode.bad_args
    err = capsys.readouterr().err
    assert "refusing to listen on 0.0.0.0" in err and "MSEFLOW_REVIEW_TOKEN" in err
    monkeypatch.setenv("MSEFLOW_REVIEW_TOKEN", "short")
    assert main(["review", str(workspace.out), "--host", "0.0.0.0"]) == ExitCode.bad_args
    assert "too short" in capsys.readouterr().err


def test_access_log_has_paths_only(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="mseflow.review.access"):
        client.get("/api/queue", params={"reason": "group_term_mismatch"})
        rid = _invalid_id(client)
        client.post(
            f"/api/records/{rid}/review",
            json={"decision": "accept", "reviewer": "Петрова Анна", "comment": "Попов"},
            headers=csrf_of(client),
        )
    lines = [r.getMessage() for r in caplog.records if r.name == "mseflow.review.access"]
    assert any(line.startswith("GET /api/queue 200") for line in lines)
    assert any(line.startswith(f"POST /api/records/{rid}/review 200") for line in lines)
    text = "\n".join(lines)
    assert "?" not in text and "group_term" not in text and "Петрова" not in text
    assert "Попов" not in text


def test_employees_page_and_api(client: TestClient) -> None:
    body = client.get("/api/employees").json()
    names = [e["full_name"] for e in body["items"]]
    assert body["total"] == len(names) >= 4
    both = [
        e
        for e in body["items"]
        if {d["doc_type"] for d in e["documents"]} == {"Справка МСЭ", "ИПРА"}
    ]
    assert both, "a certificate and an IPRA of one person are grouped"
    assert all(e["term"] for e in body["items"])
    page = client.get("/employees", params={"within": 30})
    assert page.status_code == 200 and "Скоро сроки" in page.text and "30 дней" in page.text


def test_candidates_are_shown(client: TestClient, workspace: Workspace) -> None:
    from mseflow.contract import Candidate
    from mseflow.records.sqlite import SqliteStore

    rid = _invalid_id(client)
    with SqliteStore(workspace.database) as store:
        [stored] = store.get_many([rid])
        record = stored.record.model_copy(deep=True)
        box = record.evidence["disability_group"].bbox
        record.candidates = {
            "disability_group": [
                Candidate(value=3, method="labelled_line", extractor="group", confidence=0.85,
                          page=1, bbox=box, text="3"),
                Candidate(value=1, method="prose", extractor="group", confidence=0.41, page=1,
                          text="I группа"),
            ]
        }  # fmt: skip
        store.upsert([record])
    payload = client.get(f"/api/records/{rid}").json()
    assert [c["value"] for c in payload["candidates"]["disability_group"]] == [3, 1]
    html = client.get(f"/records/{rid}").text
    assert "III (третья)" in html and "I (первая)" in html
    assert "строка с подписью, 85%" in html and "текст, 41%" in html


def test_due_list_30_60_90_and_past(client: TestClient, workspace: Workspace) -> None:
    import datetime as dt

    from mseflow.records.sqlite import SqliteStore

    from .conftest import TODAY

    rid = _invalid_id(client)
    with SqliteStore(workspace.database) as store:
        [stored] = store.get_many([rid])
        soon = stored.record.model_copy(deep=True)
        soon.source_sha256 = "ab" * 32
        soon.full_name, soon.birth_date = "Сроков Иван Петрович", dt.date(1970, 1, 2)
        soon.reexamination_date = TODAY + dt.timedelta(days=20)
        soon.valid_until = TODAY + dt.timedelta(days=45)
        late = soon.model_copy(deep=True)
        late.source_sha256 = "cd" * 32
        late.full_name, late.birth_date = "Просрочкина Анна Ивановна", dt.date(1980, 3, 4)
        late.reexamination_date, late.valid_until = TODAY - dt.timedelta(days=3), None
        store.upsert([soon, late])

    def due(within: int) -> list[tuple[str, str, str]]:
        rows = client.get("/api/employees", params={"within": within}).json()["due"]
        names = {"Сроков Иван Петрович", "Просрочкина Анна Ивановна"}
        return [(d["full_name"], d["what"], d["when"]) for d in rows if d["full_name"] in names]

    assert due(30) == [
        ("Просрочкина Анна Ивановна", "Очередное освидетельствование", "просрочено"),
        ("Сроков Иван Петрович", "Очередное освидетельствование", "через 20 дн."),
    ]
    assert due(60)[-1] == (
        "Сроков Иван Петрович",
        "Окончание срока инвалидности (справка)",
        "через 45 дн.",
    )
    page = client.get("/employees", params={"within": 60}).text
    assert "Просрочкина Анна Ивановна" in page and "просрочено" in page
