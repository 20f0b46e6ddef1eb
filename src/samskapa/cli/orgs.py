"""`samskapa orgs …`: organisations, members and API keys."""

from __future__ import annotations

import typer
from rich.table import Table

from samskapa.cli.common import console, fail, settings, unit_of_work
from samskapa.core.errors import DomainError

app = typer.Typer(help="Organisations, their members and API keys.", no_args_is_help=True)


@app.command("create")
def create(
    name: str = typer.Argument(..., help="URL name: lower-case letters, digits, '-' or '_'."),
    type_: str = typer.Option(..., "--type", help="agency, municipality, school, ngo or company."),
    title_sv: str = typer.Option(..., help="Name in Swedish."),
    title_en: str = typer.Option(..., help="Name in English."),
    homepage: str | None = typer.Option(None, help="Web site."),
    email: str | None = typer.Option(None, help="Contact email."),
) -> None:
    """Create an organisation."""
    from samskapa.accounts import service

    try:
        with unit_of_work(settings()) as session:
            organisation = service.create_organisation(
                session,
                name=name,
                type_=type_,
                title_sv=title_sv,
                title_en=title_en,
                homepage=homepage,
                email=email,
            )
            console.print(f"Created {organisation.type} '{organisation.name}' ({organisation.id}).")
    except DomainError as error:
        raise fail(error) from error


@app.command("add-member")
def add_member(
    organisation: str = typer.Argument(..., help="Organisation name or id."),
    email: str = typer.Argument(..., help="The person's email."),
    role: str = typer.Option("editor", help="admin, editor or moderator."),
    name: str = typer.Option("", help="The person's name."),
) -> None:
    """Give a person a role in an organisation (made if new; a second call changes the role)."""
    from samskapa.accounts import service

    try:
        with unit_of_work(settings()) as session:
            org = service.get_organisation(session, key=organisation)
            service.add_member(session, organisation=org, email=email, name=name, role=role)
            console.print(f"{email} is {role} of '{org.name}'.")
    except DomainError as error:
        raise fail(error) from error


@app.command("set-password")
def set_password(
    email: str = typer.Argument(..., help="The person's email."),
    password: str = typer.Option(
        ...,
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        help="The new password (at least 12 characters); asked for twice, hidden, when left out.",
    ),
) -> None:
    """Set a person's sign-in password (stored as an argon2id hash); their open sessions end."""
    from samskapa.accounts import service

    try:
        with unit_of_work(settings()) as session:
            service.set_password(session, email=email, password=password)
    except DomainError as error:
        raise fail(error) from error
    console.print(f"The password of {email} is set.")


@app.command("create-key")
def create_key(
    organisation: str = typer.Argument(..., help="Organisation name or id."),
    scope: list[str] = typer.Option([], "--scope", help="A scope to grant, e.g. catalogue:write (repeat)."),
    client: str = typer.Option("API client", help="A name for the client program."),
    requests_per_minute: int = typer.Option(600, help="The client's rate limit."),
) -> None:
    """Make an API key. It is printed once and stored only as a hash."""
    from samskapa.accounts import service

    try:
        with unit_of_work(settings()) as session:
            org = service.get_organisation(session, key=organisation)
            key, secret = service.create_api_key(
                session,
                organisation=org,
                client_name=client,
                scopes=scope,
                requests_per_minute=requests_per_minute,
            )
            key_id = key.id
    except DomainError as error:
        raise fail(error) from error
    console.print(f"Key {key_id} for '{organisation}' (scopes: {' '.join(scope) or 'none'}).")
    console.print("Store it now; it is not shown again:")
    console.print(secret, markup=False, highlight=False)


@app.command("revoke-key")
def revoke_key(key_id: str = typer.Argument(..., help="The key's id (not the key itself).")) -> None:
    """Revoke an API key: requests with it get 401 from now on."""
    from samskapa.accounts import service

    try:
        with unit_of_work(settings()) as session:
            service.revoke_api_key(session, key_id=key_id)
    except DomainError as error:
        raise fail(error) from error
    console.print(f"Key {key_id} is revoked.")


@app.command("list")
def list_organisations() -> None:
    """List the organisations."""
    from samskapa.accounts import service

    with unit_of_work(settings()) as session:
        table = Table("name", "type", "title (sv)", "demo")
        for org in service.list_organisations(session):
            table.add_row(org.name, org.type, org.title_sv, "yes" if org.is_demo else "")
    console.print(table)


@app.command("register-client")
def register_client(
    organisation: str = typer.Argument(..., help="Organisation name or id."),
    name: str = typer.Option(..., help="The client's name, shown to people when they are asked for consent."),
    redirect_uri: list[str] = typer.Option(
        [], "--redirect-uri", help="An exact redirect URI (https; http only on 127.0.0.1/localhost; repeat)."
    ),
    purpose: str = typer.Option(
        ..., help="career-guidance, job-matching, education-admission, skills-verification or open-data."
    ),
    scope: list[str] = typer.Option(
        [],
        "--scope",
        help="vault.skills, vault.education, vault.experience, vault.credentials or open-data.read (repeat).",
    ),
    retention_days: int = typer.Option(30, help="How long the service keeps the data it reads (days)."),
    public: bool = typer.Option(
        False,
        "--public",
        help="A public client (an app using PKCE without a secret) instead of a confidential one.",
    ),
    requests_per_minute: int = typer.Option(600, help="The client's rate limit."),
) -> None:
    """Register an OAuth client of an organisation. A confidential client's secret is printed once."""
    from samskapa.accounts import service
    from samskapa.accounts.oauth import service as oauth
    from samskapa.accounts.oauth.schemas import OPEN_DATA_SCOPE, SCOPES, category_of

    unknown = [value for value in scope if value not in SCOPES]
    if unknown:
        console.print(f"Unknown scope(s): {', '.join(unknown)}. Known: {', '.join(SCOPES)}.", markup=False)
        raise typer.Exit(code=2)
    try:
        with unit_of_work(settings()) as session:
            org = service.get_organisation(session, key=organisation)
            client, secret = oauth.register_client(
                session,
                organisation=org,
                name=name,
                redirect_uris=redirect_uri,
                purpose=purpose,
                categories=[c for c in (category_of(value) for value in scope) if c is not None],
                retention_days=retention_days,
                confidential=not public,
                open_data=OPEN_DATA_SCOPE in scope,
                requests_per_minute=requests_per_minute,
            )
            client_id, scopes = client.id, client.scopes
    except DomainError as error:
        raise fail(error) from error
    console.print(f"Registered OAuth client '{name}' of '{organisation}' (scopes: {scopes or 'none'}).")
    console.print("client_id:", markup=False)
    console.print(client_id, markup=False, highlight=False)
    if secret is not None:
        console.print("client_secret (store it now; it is not shown again):", markup=False)
        console.print(secret, markup=False, highlight=False)
