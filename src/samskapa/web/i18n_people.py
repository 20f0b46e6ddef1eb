"""Swedish and English page text of citizen sign-up and OpenID Connect sign-in."""

from __future__ import annotations

from samskapa.web.i18n_types import Language

MESSAGES: dict[str, dict[Language, str]] = {
    # ---- Sign-in page additions ----
    "login.intro.people": {
        "sv": "Logga in för att se och dela dina uppgifter, och för att publicera och ändra din "
        "organisations datamängder.",
        "en": "Sign in to see and share your data, and to publish and change your organisation's datasets.",
    },
    "login.providers.title": {"sv": "Logga in med e-legitimation", "en": "Sign in with an e-ID"},
    "login.provider": {"sv": "Logga in med {title}", "en": "Sign in with {title}"},
    "login.password.title": {"sv": "Logga in med lösenord", "en": "Sign in with a password"},
    "login.register": {"sv": "Har du inget konto?", "en": "No account yet?"},
    "login.register.link": {"sv": "Skapa ett konto", "en": "Create an account"},
    # ---- Sign-up ----
    "register.title": {"sv": "Skapa ett konto", "en": "Create an account"},
    "register.intro": {
        "sv": "Med ett konto kan du spara dina uppgifter och bestämma vem som får ta del av dem. Du kan "
        "också bli medlem i en organisation.",
        "en": "With an account you can keep your data and decide who may see it. You can also become a "
        "member of an organisation.",
    },
    "register.name": {"sv": "Namn", "en": "Name"},
    "register.email": {"sv": "E-postadress", "en": "Email address"},
    "register.password": {"sv": "Lösenord", "en": "Password"},
    "register.password.hint": {
        "sv": "Minst 12 tecken. Använd inte din e-postadress eller ett vanligt lösenord. En fras av flera "
        "ord är lätt att komma ihåg.",
        "en": "At least 12 characters. Do not use your email address or a common password. A phrase of "
        "several words is easy to remember.",
    },
    "register.confirm": {"sv": "Upprepa lösenordet", "en": "Repeat the password"},
    "register.submit": {"sv": "Skapa konto", "en": "Create account"},
    "register.have_account": {"sv": "Har du redan ett konto?", "en": "Already have an account?"},
    "register.sign_in": {"sv": "Logga in", "en": "Sign in"},
    "register.error.name.missing": {"sv": "Fyll i ditt namn.", "en": "Enter your name."},
    "register.error.name.too_long": {
        "sv": "Namnet får vara högst 300 tecken.",
        "en": "The name can be at most 300 characters.",
    },
    "register.error.email.missing": {"sv": "Fyll i din e-postadress.", "en": "Enter your email address."},
    "register.error.email.invalid": {
        "sv": "Skriv e-postadressen i formen namn@exempel.se.",
        "en": "Enter the email address in the form name@example.com.",
    },
    "register.error.email.taken": {
        "sv": "Det finns redan ett konto med den här e-postadressen. Logga in i stället, eller använd en "
        "annan adress.",
        "en": "There is already an account with this email address. Sign in instead, or use another address.",
    },
    "register.error.password.missing": {"sv": "Välj ett lösenord.", "en": "Choose a password."},
    "register.error.password.too_short": {
        "sv": "Lösenordet måste ha minst 12 tecken.",
        "en": "The password must have at least 12 characters.",
    },
    "register.error.password.too_long": {
        "sv": "Lösenordet får ha högst 1024 tecken.",
        "en": "The password can have at most 1024 characters.",
    },
    "register.error.password.is_email": {
        "sv": "Använd inte din e-postadress som lösenord.",
        "en": "Do not use your email address as the password.",
    },
    "register.error.password.common": {
        "sv": "Lösenordet är ett av de vanligaste och lätt att gissa. Välj ett annat.",
        "en": "The password is one of the most common ones and easy to guess. Choose another.",
    },
    "register.error.password_confirm.mismatch": {
        "sv": "Lösenorden är inte likadana. Skriv samma lösenord två gånger.",
        "en": "The passwords do not match. Enter the same password twice.",
    },
    "register.error.password_confirm.missing": {
        "sv": "Upprepa lösenordet.",
        "en": "Repeat the password.",
    },
    "register.error.throttled": {
        "sv": "Många nya konton har skapats härifrån den senaste timmen. Försök igen om {minutes} minuter.",
        "en": "Many new accounts have been created from here in the last hour. "
        "Try again in {minutes} minutes.",
    },
    # ---- Account page additions ----
    "account.mydata": {"sv": "Mina uppgifter", "en": "My data"},
    "account.mydata.intro": {
        "sv": "Se, ändra och dela de uppgifter du har sparat, och se vem som har fått ta del av dem.",
        "en": "See, change and share the data you have saved, and see who has been given access to it.",
    },
    "account.email.none": {"sv": "Ingen e-postadress", "en": "No email address"},
    "account.providers": {"sv": "Inloggning med e-legitimation", "en": "Sign-in with an e-ID"},
    # ---- OpenID Connect sign-in errors ----
    "oidc.error.title": {"sv": "Inloggningen misslyckades", "en": "Sign-in failed"},
    "oidc.error.unknown.title": {"sv": "Okänd inloggningstjänst", "en": "Unknown sign-in service"},
    "oidc.error.unknown": {
        "sv": "Det finns ingen inloggningstjänst med det namnet här.",
        "en": "There is no sign-in service with that name here.",
    },
    "oidc.error.expired": {
        "sv": "Inloggningen tog för lång tid eller startades inte på den här webbplatsen. Börja om.",
        "en": "The sign-in took too long or was not started on this site. Start again.",
    },
    "oidc.error.state": {
        "sv": "Svaret från inloggningstjänsten hörde inte till din inloggning. Börja om.",
        "en": "The answer from the sign-in service did not belong to your sign-in. Start again.",
    },
    "oidc.error.provider": {
        "sv": "Inloggningstjänsten avbröt inloggningen. Du kan ha avbrutit den själv. Försök igen.",
        "en": "The sign-in service stopped the sign-in. You may have cancelled it yourself. Try again.",
    },
    "oidc.error.token": {
        "sv": "Vi kunde inte lita på svaret från inloggningstjänsten, så du loggades inte in. Försök igen.",
        "en": "We could not trust the answer from the sign-in service, so you were not signed in. Try again.",
    },
    "oidc.error.unavailable": {
        "sv": "Inloggningstjänsten svarar inte just nu. Försök igen om en stund.",
        "en": "The sign-in service is not answering right now. Try again in a while.",
    },
    "oidc.error.code": {"sv": "Felkod", "en": "Error code"},
    "oidc.error.back": {"sv": "Tillbaka till inloggningen", "en": "Back to sign-in"},
}
