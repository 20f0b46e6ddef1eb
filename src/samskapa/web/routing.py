"""An APIRoute that refuses unknown query parameters, so a typo never becomes a silent empty answer."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from samskapa.web.problems import UnknownParameters

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def _query_names(route: APIRoute) -> set[str]:
    names: set[str] = set()
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        names.update(param.alias for param in dependant.query_params)
        stack.extend(dependant.dependencies)
    return names


class StrictQueryRoute(APIRoute):
    """Every /v1 route: a query parameter the endpoint does not declare is a 400 with the accepted names."""

    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()
        allowed = _query_names(self)

        async def strict_handler(request: Request) -> Response:
            unknown = sorted(set(request.query_params.keys()) - allowed)
            if unknown:
                raise UnknownParameters(unknown, sorted(allowed))
            return await handler(request)

        return strict_handler
