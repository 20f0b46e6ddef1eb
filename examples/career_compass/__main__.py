"""`python -m examples.career_compass`: serve Karriärkompassen on http://127.0.0.1:8001 (settings from
COMPASS_PLATFORM_URL, COMPASS_CLIENT_ID and COMPASS_REDIRECT_URI)."""

from __future__ import annotations

import sys

import uvicorn

from examples.career_compass.app import CompassSettings, ConfigurationError, create_app

HOST = "127.0.0.1"
PORT = 8001


def main() -> int:
    try:
        settings = CompassSettings.from_env()
    except ConfigurationError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    uvicorn.run(create_app(settings), host=HOST, port=PORT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
