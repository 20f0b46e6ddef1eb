"""Swedish and English page text of the personal data vault's pages."""

from __future__ import annotations

from samskapa.web.i18n_types import Language

MESSAGES: dict[str, dict[Language, str]] = {
    # ---- Sub-navigation shared by the vault pages ----
    "vault.nav": {"sv": "Mina uppgifter", "en": "My data"},
    "vault.nav.profile": {"sv": "Min profil", "en": "My profile"},
    "vault.nav.credentials": {"sv": "Mina intyg", "en": "My credentials"},
    "vault.nav.authorisations": {"sv": "Mina behörigheter", "en": "My authorisations"},
    "vault.nav.access_log": {"sv": "Vem har läst mina uppgifter", "en": "Who read my data"},
    "vault.nav.rights": {"sv": "Exportera och radera", "en": "Export and erase"},
    "vault.remove": {"sv": "Ta bort", "en": "Remove"},
    "vault.none": {"sv": "–", "en": "–"},
    "vault.days": {"sv": "{n} dagar", "en": "{n} days"},
    "vault.erased.notice": {
        "sv": "Dina uppgifter har raderats. Här finns inget mer att visa.",
        "en": "Your data has been erased. There is nothing more to show here.",
    },
    "vault.restricted.notice": {
        "sv": "Du har begränsat behandlingen: ingen tjänst kan läsa dina uppgifter just nu.",
        "en": "You have restricted processing: no service can read your data at the moment.",
    },
    "vault.english.note": {
        "sv": "Meddelandet finns bara på engelska.",
        "en": "The message is in English only.",
    },
    # ---- My profile ----
    "vault.profile.title": {"sv": "Min profil", "en": "My profile"},
    "vault.profile.intro": {
        "sv": "Dina kompetenser, utbildningar och din arbetslivserfarenhet. Uppgifterna sparas krypterade, "
        "och ingen tjänst kan läsa dem utan att du har gett den behörighet.",
        "en": "Your skills, education records and work experience. They are stored encrypted, and no "
        "service can read them unless you have authorised it.",
    },
    "vault.profile.added": {"sv": "Uppgiften är sparad.", "en": "The item has been saved."},
    "vault.profile.removed": {"sv": "Uppgiften är borttagen.", "en": "The item has been removed."},
    "vault.skills.title": {"sv": "Kompetenser", "en": "Skills"},
    "vault.skills.none": {
        "sv": "Du har inte lagt till några kompetenser än.",
        "en": "You have not added any skills yet.",
    },
    "vault.skills.caption": {"sv": "Dina kompetenser", "en": "Your skills"},
    "vault.skills.add": {"sv": "Lägg till en kompetens", "en": "Add a skill"},
    "vault.skills.concept": {"sv": "Kompetens", "en": "Skill"},
    "vault.skills.concept.hint": {
        "sv": "Börja skriva och välj bland förslagen, eller skriv begreppets id, till exempel "
        "esco:skill:… (finns på begreppets sida under Begrepp).",
        "en": "Start typing and choose a suggestion, or type the concept's id, for example esco:skill:… "
        "(shown on the concept's page under Concepts).",
    },
    "vault.skills.level": {"sv": "Nivå", "en": "Level"},
    "vault.skills.level.none": {"sv": "Ingen angiven nivå", "en": "No level given"},
    "vault.skills.level.basic": {"sv": "Grundläggande", "en": "Basic"},
    "vault.skills.level.intermediate": {"sv": "Medel", "en": "Intermediate"},
    "vault.skills.level.advanced": {"sv": "Avancerad", "en": "Advanced"},
    "vault.skills.level.expert": {"sv": "Expert", "en": "Expert"},
    "vault.skills.submit": {"sv": "Lägg till kompetensen", "en": "Add the skill"},
    "vault.skills.suggestions": {"sv": "Menade du något av de här?", "en": "Did you mean one of these?"},
    "vault.education.title": {"sv": "Utbildningar", "en": "Education"},
    "vault.education.none": {
        "sv": "Du har inte lagt till några utbildningar än.",
        "en": "You have not added any education records yet.",
    },
    "vault.education.caption": {"sv": "Dina utbildningar", "en": "Your education records"},
    "vault.education.add": {"sv": "Lägg till en utbildning", "en": "Add an education record"},
    "vault.education.submit": {"sv": "Lägg till utbildningen", "en": "Add the education record"},
    "vault.education.provider": {"sv": "Utbildningsanordnare", "en": "Provider"},
    "vault.education.level": {"sv": "Nivå (SUN 2020)", "en": "Level (SUN 2020)"},
    "vault.education.level.hint": {
        "sv": "Valfritt. Koden för utbildningsnivån, till exempel 5 eller 64.",
        "en": "Optional. The code of the level of education, for example 5 or 64.",
    },
    "vault.education.credits": {"sv": "Poäng", "en": "Credits"},
    "vault.education.credits.hint": {
        "sv": "Valfritt. Ett tal, till exempel 7,5.",
        "en": "Optional. A number, for example 7.5.",
    },
    "vault.education.credit_unit": {"sv": "Slag av poäng", "en": "Kind of credits"},
    "vault.education.credit_unit.none": {"sv": "Inte angivet", "en": "Not given"},
    "vault.education.credit_unit.hp": {"sv": "Högskolepoäng", "en": "Higher education credits (hp)"},
    "vault.education.credit_unit.yh": {"sv": "Yrkeshögskolepoäng", "en": "Higher vocational credits (yh)"},
    "vault.education.credit_unit.ects": {"sv": "ECTS", "en": "ECTS"},
    "vault.education.credit_unit.gymnasiepoäng": {"sv": "Gymnasiepoäng", "en": "Upper secondary credits"},
    "vault.education.completed": {"sv": "Avslutad", "en": "Completed"},
    "vault.field.title": {"sv": "Benämning", "en": "Title"},
    "vault.field.date.hint": {
        "sv": "Valfritt. Skriv datumet som ÅÅÅÅ-MM-DD.",
        "en": "Optional. Write the date as YYYY-MM-DD.",
    },
    "vault.field.start.hint": {"sv": "Skriv datumet som ÅÅÅÅ-MM-DD.", "en": "Write the date as YYYY-MM-DD."},
    "vault.experience.title": {"sv": "Arbetslivserfarenhet", "en": "Work experience"},
    "vault.experience.none": {
        "sv": "Du har inte lagt till någon arbetslivserfarenhet än.",
        "en": "You have not added any work experience yet.",
    },
    "vault.experience.caption": {"sv": "Din arbetslivserfarenhet", "en": "Your work experience"},
    "vault.experience.add": {"sv": "Lägg till arbetslivserfarenhet", "en": "Add work experience"},
    "vault.experience.submit": {"sv": "Lägg till erfarenheten", "en": "Add the experience"},
    "vault.experience.role": {"sv": "Befattning", "en": "Job title"},
    "vault.experience.employer": {"sv": "Arbetsgivare", "en": "Employer"},
    "vault.experience.start": {"sv": "Från", "en": "From"},
    "vault.experience.end": {"sv": "Till", "en": "To"},
    "vault.experience.end.hint": {
        "sv": "Lämna tomt om du fortfarande arbetar där. Skriv datumet som ÅÅÅÅ-MM-DD.",
        "en": "Leave empty if you still work there. Write the date as YYYY-MM-DD.",
    },
    "vault.experience.ongoing": {"sv": "pågår", "en": "ongoing"},
    "vault.experience.description": {"sv": "Beskrivning", "en": "Description"},
    "vault.field.optional": {"sv": "Valfritt.", "en": "Optional."},
    "vault.error.required": {"sv": "Fyll i fältet.", "en": "Fill in this field."},
    "vault.error.date": {
        "sv": "Skriv ett riktigt datum som ÅÅÅÅ-MM-DD.",
        "en": "Write a real date as YYYY-MM-DD.",
    },
    "vault.error.number": {"sv": "Skriv ett tal mellan 0 och 1000.", "en": "Write a number from 0 to 1000."},
    "vault.error.too_long": {"sv": "Texten är för lång.", "en": "The text is too long."},
    "vault.error.end_before_start": {
        "sv": "Slutdatumet kan inte vara före startdatumet.",
        "en": "The end date cannot be before the start date.",
    },
    "vault.error.concept": {
        "sv": "Det finns inget sådant begrepp. Välj ett förslag eller skriv ett begrepps id.",
        "en": "There is no such concept. Choose a suggestion or type a concept's id.",
    },
    "vault.error.choice": {"sv": "Välj ett av alternativen.", "en": "Choose one of the options."},
    # ---- Credentials ----
    "vault.credentials.title": {"sv": "Mina intyg", "en": "My credentials"},
    "vault.credentials.intro": {
        "sv": "Verifierbara intyg (W3C Verifiable Credentials 2.0), till exempel examensbevis eller "
        "kursintyg. Varje intyg kontrolleras när du lägger till det: att det är rätt utformat, att "
        "underskriften stämmer och att utfärdaren finns på Samskapas lista över betrodda utfärdare.",
        "en": "Verifiable credentials (W3C Verifiable Credentials 2.0), for example diplomas or course "
        "certificates. Each credential is checked when you add it: that it is well formed, that its "
        "signature is right and that its issuer is on Samskapa's list of trusted issuers.",
    },
    "vault.credentials.none": {"sv": "Du har inga intyg än.", "en": "You have no credentials yet."},
    "vault.credentials.caption": {"sv": "Dina intyg", "en": "Your credentials"},
    "vault.credentials.status": {"sv": "Kontroll", "en": "Check"},
    "vault.credentials.issuer": {"sv": "Utfärdare", "en": "Issuer"},
    "vault.credentials.types": {"sv": "Typ", "en": "Type"},
    "vault.credentials.valid_from": {"sv": "Gäller från", "en": "Valid from"},
    "vault.credentials.valid_until": {"sv": "Gäller till", "en": "Valid until"},
    "vault.credentials.added_on": {"sv": "Tillagt", "en": "Added"},
    "vault.credentials.reasons": {"sv": "Anmärkningar", "en": "Remarks"},
    "vault.credentials.status.valid": {
        "sv": "Giltigt – underskriften stämmer och utfärdaren är betrodd",
        "en": "Valid – the signature is right and the issuer is trusted",
    },
    "vault.credentials.status.untrusted": {
        "sv": "Okänd utfärdare – underskriften stämmer men utfärdaren finns inte på listan över betrodda",
        "en": "Unknown issuer – the signature is right but the issuer is not on the trusted list",
    },
    "vault.credentials.status.unsigned": {
        "sv": "Inte underskrivet – varken ursprung eller innehåll kan kontrolleras",
        "en": "Not signed – neither its origin nor its content can be checked",
    },
    "vault.credentials.status.invalid": {
        "sv": "Ogiltigt – intyget klarade inte kontrollen",
        "en": "Invalid – the credential failed the check",
    },
    "vault.credentials.add": {"sv": "Lägg till ett intyg", "en": "Add a credential"},
    "vault.credentials.file": {"sv": "Intyget som fil (JSON)", "en": "The credential as a file (JSON)"},
    "vault.credentials.file.hint": {
        "sv": "Välj filen du fått av utfärdaren, högst 256 kB.",
        "en": "Choose the file the issuer gave you, at most 256 kB.",
    },
    "vault.credentials.text": {
        "sv": "Eller klistra in intyget (JSON)",
        "en": "Or paste the credential (JSON)",
    },
    "vault.credentials.submit": {
        "sv": "Kontrollera och spara intyget",
        "en": "Check and save the credential",
    },
    "vault.credentials.added": {
        "sv": "Intyget är kontrollerat och sparat. Resultatet av kontrollen står i listan.",
        "en": "The credential has been checked and saved. The result of the check is in the list.",
    },
    "vault.credentials.removed": {"sv": "Intyget är borttaget.", "en": "The credential has been removed."},
    "vault.credentials.error.empty": {
        "sv": "Välj en fil eller klistra in intyget.",
        "en": "Choose a file or paste the credential.",
    },
    "vault.credentials.error.unreadable": {
        "sv": "Det här är inte ett intyg i JSON-format.",
        "en": "This is not a credential in JSON format.",
    },
    "vault.credentials.error.too_large": {
        "sv": "Intyget är för stort eller för komplicerat för att kontrolleras.",
        "en": "The credential is too large or too complex to check.",
    },
    "vault.credentials.error.rejected": {
        "sv": "Intyget kunde inte kontrolleras:",
        "en": "The credential could not be checked:",
    },
    # ---- Authorisations ----
    "vault.auth.title": {"sv": "Mina behörigheter", "en": "My authorisations"},
    "vault.auth.intro": {
        "sv": "De tjänster du har gett rätt att läsa dina uppgifter. Du kan när som helst återkalla en "
        "behörighet med ett klick; tjänsten kan då inte läsa något mer.",
        "en": "The services you have allowed to read your data. You can withdraw an authorisation at any "
        "time with one click; the service can then read nothing more.",
    },
    "vault.auth.none": {
        "sv": "Du har inte gett någon tjänst behörighet att läsa dina uppgifter.",
        "en": "You have not allowed any service to read your data.",
    },
    "vault.auth.service": {"sv": "Tjänst", "en": "Service"},
    "vault.auth.organisation": {"sv": "Organisation", "en": "Organisation"},
    "vault.auth.purpose": {"sv": "Ändamål", "en": "Purpose"},
    "vault.auth.categories": {"sv": "Uppgifter", "en": "Data"},
    "vault.auth.operations": {"sv": "Får", "en": "May"},
    "vault.auth.retention": {"sv": "Tjänsten sparar uppgifterna", "en": "The service keeps the data"},
    "vault.auth.valid_from": {"sv": "Gavs", "en": "Given"},
    "vault.auth.valid_until": {"sv": "Gäller till", "en": "Valid until"},
    "vault.auth.state": {"sv": "Status", "en": "Status"},
    "vault.auth.withdraw": {"sv": "Återkalla", "en": "Withdraw"},
    "vault.auth.withdrawn": {
        "sv": "Behörigheten är återkallad. Tjänsten kan inte längre läsa dina uppgifter.",
        "en": "The authorisation has been withdrawn. The service can no longer read your data.",
    },
    "vault.auth.receipt": {"sv": "Kvitto (JSON)", "en": "Receipt (JSON)"},
    "vault.auth.history": {"sv": "Historik", "en": "History"},
    "vault.auth.history.caption": {"sv": "Händelser för behörigheten", "en": "Events of the authorisation"},
    "vault.auth.history.when": {"sv": "När", "en": "When"},
    "vault.auth.history.event": {"sv": "Händelse", "en": "Event"},
    "vault.auth.history.by": {"sv": "Av", "en": "By"},
    "vault.auth.event.given": {"sv": "Gavs", "en": "Given"},
    "vault.auth.event.renewed": {"sv": "Förlängdes", "en": "Renewed"},
    "vault.auth.event.withdrawn": {"sv": "Återkallades", "en": "Withdrawn"},
    "vault.auth.event.expired": {"sv": "Gick ut", "en": "Expired"},
    "vault.auth.event.revoked": {"sv": "Upphävdes", "en": "Revoked"},
    "vault.auth.actor.person": {"sv": "Du", "en": "You"},
    "vault.auth.actor.system": {"sv": "Samskapa", "en": "Samskapa"},
    # ---- Access log ----
    "vault.log.title": {"sv": "Vem har läst mina uppgifter", "en": "Who read my data"},
    "vault.log.intro": {
        "sv": "Varje gång en tjänst försöker läsa dina uppgifter skrivs det här, även när den nekas. "
        "Senaste först.",
        "en": "Every time a service tries to read your data it is written here, even when it is refused. "
        "Newest first.",
    },
    "vault.log.none": {"sv": "Ingen har läst dina uppgifter.", "en": "Nobody has read your data."},
    "vault.log.caption": {
        "sv": "Läsningar av dina uppgifter, senaste först",
        "en": "Reads of your data, newest first",
    },
    "vault.log.when": {"sv": "När", "en": "When"},
    "vault.log.who": {"sv": "Vem", "en": "Who"},
    "vault.log.purpose": {"sv": "Ändamål", "en": "Purpose"},
    "vault.log.categories": {"sv": "Uppgifter", "en": "Data"},
    "vault.log.outcome": {"sv": "Utfall", "en": "Outcome"},
    "vault.log.you": {"sv": "Du själv (export)", "en": "You (export)"},
    "vault.log.outcome.released": {"sv": "Lämnades ut", "en": "Released"},
    "vault.log.outcome.denied": {"sv": "Nekades", "en": "Denied"},
    "vault.log.portability": {"sv": "Dataportabilitet (export)", "en": "Data portability (export)"},
    "vault.log.older": {"sv": "Äldre läsningar", "en": "Older reads"},
    "vault.log.newest": {"sv": "Till de senaste", "en": "Back to the newest"},
    "vault.reason.released": {
        "sv": "Behörigheten täcker läsningen.",
        "en": "The authorisation covers the read.",
    },
    "vault.reason.own_export": {"sv": "Du exporterade dina uppgifter.", "en": "You exported your data."},
    "vault.reason.no_authorisation": {
        "sv": "Tjänsten har ingen behörighet.",
        "en": "The service has no authorisation.",
    },
    "vault.reason.erased": {"sv": "Dina uppgifter är raderade.", "en": "Your data is erased."},
    "vault.reason.wrong_client": {
        "sv": "Behörigheten gäller en annan tjänst.",
        "en": "The authorisation is for another service.",
    },
    "vault.reason.wrong_subject": {
        "sv": "Behörigheten gäller en annan person.",
        "en": "The authorisation is for another person.",
    },
    "vault.reason.authorisation_withdrawn": {
        "sv": "Du hade återkallat behörigheten.",
        "en": "You had withdrawn the authorisation.",
    },
    "vault.reason.authorisation_expired": {
        "sv": "Behörigheten hade gått ut.",
        "en": "The authorisation had expired.",
    },
    "vault.reason.authorisation_revoked": {
        "sv": "Behörigheten var upphävd.",
        "en": "The authorisation was revoked.",
    },
    "vault.reason.not_yet_valid": {
        "sv": "Behörigheten gällde inte än.",
        "en": "The authorisation was not valid yet.",
    },
    "vault.reason.processing_restricted": {
        "sv": "Du hade begränsat behandlingen.",
        "en": "You had restricted processing.",
    },
    "vault.reason.purpose_not_granted": {
        "sv": "Ändamålet ingår inte i behörigheten.",
        "en": "The purpose is not part of the authorisation.",
    },
    "vault.reason.operation_not_granted": {
        "sv": "Åtgärden ingår inte i behörigheten.",
        "en": "The operation is not part of the authorisation.",
    },
    "vault.reason.category_not_granted": {
        "sv": "De uppgifterna ingår inte i behörigheten.",
        "en": "That data is not part of the authorisation.",
    },
    "vault.reason.data_unreadable": {
        "sv": "Uppgifterna kunde inte läsas.",
        "en": "The data could not be read.",
    },
    "vault.reason.other": {"sv": "Annat skäl ({code}).", "en": "Another reason ({code})."},
    # ---- Rights: export, restrict, erase ----
    "vault.rights.title": {"sv": "Exportera och radera", "en": "Export and erase"},
    "vault.rights.intro": {
        "sv": "Dina rättigheter enligt dataskyddsförordningen: få ut dina uppgifter, begränsa behandlingen "
        "och få dem raderade.",
        "en": "Your rights under the General Data Protection Regulation: get your data, restrict processing "
        "and have it erased.",
    },
    "vault.export.title": {"sv": "Ladda ner dina uppgifter", "en": "Download your data"},
    "vault.export.intro": {
        "sv": "Allt Samskapa har om dig i valvet, som en JSON-fil: profil, intyg, behörigheter och loggen "
        "över läsningar.",
        "en": "Everything Samskapa holds about you in the vault, as a JSON file: profile, credentials, "
        "authorisations and the log of reads.",
    },
    "vault.export.link": {"sv": "Ladda ner mina uppgifter (JSON)", "en": "Download my data (JSON)"},
    "vault.restrict.title": {"sv": "Begränsa behandlingen", "en": "Restrict processing"},
    "vault.restrict.intro": {
        "sv": "Medan behandlingen är begränsad kan ingen tjänst läsa dina uppgifter, inte ens de du har "
        "gett behörighet. Dina behörigheter finns kvar.",
        "en": "While processing is restricted no service can read your data, not even those you have "
        "authorised. Your authorisations are kept.",
    },
    "vault.restrict.state.on": {"sv": "Behandlingen är begränsad.", "en": "Processing is restricted."},
    "vault.restrict.state.off": {
        "sv": "Behandlingen är inte begränsad.",
        "en": "Processing is not restricted.",
    },
    "vault.restrict.on": {"sv": "Begränsa behandlingen", "en": "Restrict processing"},
    "vault.restrict.off": {"sv": "Häv begränsningen", "en": "Lift the restriction"},
    "vault.erase.title": {"sv": "Radera allt", "en": "Erase everything"},
    "vault.erase.intro": {
        "sv": "Alla dina uppgifter i valvet raderas för gott och alla behörigheter upphävs. Det går inte "
        "att ångra. Ladda gärna ner dina uppgifter först.",
        "en": "All your data in the vault is erased for good and every authorisation is revoked. This "
        "cannot be undone. You may want to download your data first.",
    },
    "vault.erase.confirm": {
        "sv": "Jag förstår att allt raderas och inte kan återställas",
        "en": "I understand that everything is erased and cannot be restored",
    },
    "vault.erase.word": {"sv": "Skriv ordet RADERA", "en": "Type the word ERASE"},
    "vault.erase.word.value": {"sv": "RADERA", "en": "ERASE"},
    "vault.erase.submit": {"sv": "Radera alla mina uppgifter", "en": "Erase all my data"},
    "vault.erase.error.confirm": {
        "sv": "Kryssa i rutan för att bekräfta.",
        "en": "Tick the box to confirm.",
    },
    "vault.erase.error.word": {
        "sv": "Skriv RADERA i fältet.",
        "en": "Type ERASE in the field.",
    },
    "vault.erased.title": {"sv": "Dina uppgifter är raderade", "en": "Your data has been erased"},
    "vault.erased.body": {
        "sv": "Alla uppgifter i valvet är raderade och alla behörigheter upphävda. Du har loggats ut.",
        "en": "All data in the vault has been erased and every authorisation revoked. You have been "
        "signed out.",
    },
    "vault.erased.home": {"sv": "Till startsidan", "en": "Go to the home page"},
    # ---- The consent screen ----
    "consent.title": {"sv": "{service} vill läsa dina uppgifter", "en": "{service} wants to read your data"},
    "consent.intro": {
        "sv": "Tjänsten {service} från {organisation} ber om att få läsa uppgifter från ditt valv. "
        "Ingenting delas om du inte godkänner.",
        "en": "The service {service} from {organisation} asks to read data from your vault. Nothing is "
        "shared unless you approve.",
    },
    "consent.who": {"sv": "Vem frågar", "en": "Who is asking"},
    "consent.service": {"sv": "Tjänst", "en": "Service"},
    "consent.organisation": {"sv": "Organisation", "en": "Organisation"},
    "consent.purpose": {"sv": "Varför", "en": "Why"},
    "consent.notice.purpose": {
        "sv": "Ändamål: {purpose}. {description}",
        "en": "Purpose: {purpose}. {description}",
    },
    "consent.notice.who": {
        "sv": "Tjänsten {service} från {organisation} ber om att få läsa uppgifter från ditt valv.",
        "en": "The service {service} from {organisation} asks to read data from your vault.",
    },
    "consent.notice.categories": {
        "sv": "Uppgifter som efterfrågas: {categories}.",
        "en": "Data asked for: {categories}.",
    },
    "consent.notice.operations": {
        "sv": "Tjänsten får: {operations}. Den får inte ändra något i ditt valv.",
        "en": "The service may: {operations}. It may not change anything in your vault.",
    },
    "consent.notice.retention": {
        "sv": "{organisation} sparar de uppgifter den läser i högst {days} dagar.",
        "en": "{organisation} keeps the data it reads for at most {days} days.",
    },
    "consent.notice.retention.none": {
        "sv": "{organisation} sparar inte de uppgifter den läser.",
        "en": "{organisation} does not keep the data it reads.",
    },
    "consent.notice.withdraw": {
        "sv": "Du kan när som helst återkalla behörigheten med ett klick under Mina behörigheter "
        "({url}). Därefter kan tjänsten inte läsa något mer.",
        "en": "You can withdraw the authorisation at any time with one click under My authorisations "
        "({url}). After that the service can read nothing more.",
    },
    "consent.categories": {"sv": "Vilka uppgifter", "en": "Which data"},
    "consent.categories.legend": {
        "sv": "Uppgifter som tjänsten får läsa",
        "en": "Data the service may read",
    },
    "consent.categories.hint": {
        "sv": "Du kan avmarkera uppgifter du inte vill dela. Minst en måste vara vald.",
        "en": "You can untick data you do not want to share. At least one must be ticked.",
    },
    "consent.operations": {"sv": "Vad tjänsten får göra", "en": "What the service may do"},
    "consent.retention": {"sv": "Hur länge", "en": "How long"},
    "consent.validity.legend": {
        "sv": "Hur länge behörigheten ska gälla",
        "en": "How long the authorisation is to last",
    },
    "consent.validity.option": {"sv": "{n} dagar", "en": "{n} days"},
    "consent.withdraw": {"sv": "Så återkallar du", "en": "How to withdraw"},
    "consent.withdraw.link": {"sv": "Mina behörigheter", "en": "My authorisations"},
    "consent.approve": {"sv": "Godkänn och dela", "en": "Approve and share"},
    "consent.deny": {"sv": "Neka", "en": "Deny"},
    "consent.decide": {"sv": "Ditt beslut", "en": "Your decision"},
    "consent.error.categories": {
        "sv": "Välj minst en uppgift att dela, eller neka.",
        "en": "Tick at least one kind of data to share, or deny.",
    },
    "consent.error.validity": {
        "sv": "Välj hur länge behörigheten ska gälla.",
        "en": "Choose how long the authorisation lasts.",
    },
    "consent.gone.title": {
        "sv": "Förfrågan finns inte eller har gått ut",
        "en": "The request does not exist or has expired",
    },
    "consent.gone.body": {
        "sv": "Förfrågan om dina uppgifter är okänd eller för gammal (den gäller i tio minuter). Inga "
        "uppgifter har delats. Gå tillbaka till tjänsten och börja om.",
        "en": "The request for your data is unknown or too old (it lasts ten minutes). No data has been "
        "shared. Go back to the service and start again.",
    },
    "consent.purpose.career-guidance": {
        "sv": "Tjänsten använder uppgifterna för att ge dig råd om utbildning och yrken som passar dig.",
        "en": "The service uses the data to advise you on education and occupations that suit you.",
    },
    "consent.purpose.job-matching": {
        "sv": "Tjänsten använder uppgifterna för att hitta lediga jobb som matchar det du kan.",
        "en": "The service uses the data to find vacancies that match what you can do.",
    },
    "consent.purpose.education-admission": {
        "sv": "Tjänsten använder uppgifterna för att pröva din behörighet till en utbildning.",
        "en": "The service uses the data to assess your eligibility for a programme or course.",
    },
    "consent.purpose.skills-verification": {
        "sv": "Tjänsten använder uppgifterna för att bekräfta vad du kan.",
        "en": "The service uses the data to confirm what you can do.",
    },
    "consent.purpose.open-data": {
        "sv": "Tjänsten använder uppgifterna tillsammans med öppna data.",
        "en": "The service uses the data together with open data.",
    },
    "consent.purpose.other": {
        "sv": "Tjänsten har angett ändamålet med koden {code}.",
        "en": "The service has given the purpose with the code {code}.",
    },
}
