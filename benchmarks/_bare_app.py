"""The baseline server: a bare FastAPI app returning a small JSON dict, with no database and no middleware.

Its routes are plain `def` functions like the platform's, so both run in the same thread pool.
"""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI(title="bare")


@app.get("/healthz")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/v1/concepts/{concept_id:path}")
def concept(concept_id: str) -> dict[str, object]:
    return {
        "id": concept_id,
        "type": "occupation",
        "label": "Systemutvecklare",
        "status": "active",
        "level": 4,
    }


@app.get("/async/v1/concepts/{concept_id:path}")
async def concept_async(concept_id: str) -> dict[str, object]:
    return {
        "id": concept_id,
        "type": "occupation",
        "label": "Systemutvecklare",
        "status": "active",
        "level": 4,
    }
