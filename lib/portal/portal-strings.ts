// The words of the privacy portal (/p/<slug>), in every language a form can be published in.
// The phone field, country list, phone errors and code step reuse the public form's words
// (lib/i18n/form-strings.ts, lib/verification/verification-strings.ts). Placeholders:
// {org} organization, {phone} masked number, {list} audience name, {date} a UTC time.
import type { Locale } from "@/lib/i18n/locales";

export interface PortalStrings {
  title: string;
  intro: string;
  sendCode: string;
  codeSentIfKnown: string;
  useOtherNumber: string;
  wrongCode: string;
  codeExpired: string;
  codeDead: string;
  overviewTitle: string;
  overviewIntro: string;
  noLists: string;
  marketing: string;
  verification: string;
  statusOn: string;
  statusPending: string;
  statusOff: string;
  statusNever: string;
  withdraw: string;
  /** Accessible name of a withdraw button: "Withdraw marketing texts for {list}" */
  withdrawFor: string;
  withdrawAll: string;
  withdrawAllHint: string;
  withdrawn: string;
  nothingToWithdraw: string;
  unknownList: string;
  history: string;
  dataTitle: string;
  dataBody: string;
  downloadJson: string;
  downloadPdf: string;
  eraseTitle: string;
  eraseBody: string;
  eraseButton: string;
  eraseCompleted: string;
  eraseAwaiting: string;
  signOut: string;
  signedOut: string;
  sessionEnded: string;
  fromLink: string;
  linkInvalidTitle: string;
  linkInvalid: string;
  linkExpiredTitle: string;
  linkExpired: string;
  notFoundTitle: string;
  notFoundBody: string;
  forbidden: string;
  language: string;
  portalLink: string;
  history_signedUp: string;
  history_repeat: string;
  history_confirmedReply: string;
  history_confirmedCode: string;
  history_revoked: string;
  history_regranted: string;
  history_granted: string;
  history_added: string;
  history_verificationGranted: string;
  history_verificationRevoked: string;
  history_deleted: string;
  how: Record<string, string>;
}

const en: PortalStrings = {
  title: "Your texts from {org}",
  intro:
    "See which of {org}'s lists your number is on, stop texts, download your data or ask for it to be erased. First prove the number is yours: we text it a code.",
  sendCode: "Text me a code",
  codeSentIfKnown: "If {phone} is on one of {org}'s lists, a code is on its way to it.",
  useOtherNumber: "Use a different number",
  wrongCode: "That code isn't right.",
  codeExpired: "This code has expired. Ask for a new one.",
  codeDead: "This code no longer works. Ask for a new one.",
  overviewTitle: "Your lists at {org}",
  overviewIntro: "Number {phone}.",
  noLists: "This number is on none of {org}'s lists.",
  marketing: "Marketing texts",
  verification: "Verification codes (2FA)",
  statusOn: "On since {date}",
  statusPending: "Given on {date}, not confirmed yet",
  statusOff: "Withdrawn on {date}",
  statusNever: "Not given",
  withdraw: "Withdraw",
  withdrawFor: "Withdraw {purpose} for {list}",
  withdrawAll: "Withdraw everything, on every list",
  withdrawAllHint: "Stops marketing texts and verification codes from {org} to this number.",
  withdrawn: "Withdrawn. Nothing more will be sent for it.",
  nothingToWithdraw: "There was nothing left to withdraw.",
  unknownList: "That list is not one of this number's lists here. Nothing was changed.",
  history: "History",
  dataTitle: "Your data",
  dataBody: "The records {org} keeps of your consent, as its staff see them.",
  downloadJson: "Download everything (JSON)",
  downloadPdf: "Proof for {list} (PDF)",
  eraseTitle: "Erase your data",
  eraseBody:
    "Ask {org} to delete your number and its history. Only a minimal record is kept so that you are never texted again.",
  eraseButton: "Ask for erasure",
  eraseCompleted: "Your data has been erased.",
  eraseAwaiting: "Your request is recorded. {org} will handle it and may text you when it is done.",
  signOut: "Sign out",
  signedOut: "You are signed out of this page.",
  sessionEnded: "Your session has ended. Prove your number again to continue.",
  fromLink: "You opened the link for {list}.",
  linkInvalidTitle: "This link doesn't work",
  linkInvalid:
    "It may be incomplete or altered. Nothing was changed. Enter your number below to get a code instead.",
  linkExpiredTitle: "This link has expired",
  linkExpired: "Nothing was changed. Enter your number below to get a code instead.",
  notFoundTitle: "This privacy page is not available",
  notFoundBody: "The address may be mistyped. Check the link you were given.",
  forbidden: "This page can't be used from another website.",
  language: "Language",
  portalLink: "Your privacy choices",
  history_signedUp: "Signed up on the form “{form}”",
  history_repeat: "Submitted the form “{form}” again",
  history_confirmedReply: "Confirmed by replying “{reply}”",
  history_confirmedCode: "Confirmed with a code",
  history_revoked: "Marketing texts withdrawn {how}",
  history_regranted: "Marketing texts given again by texting {keyword}",
  history_granted: "Marketing texts given {how}",
  history_added: "Added by {org} with proof of your consent {how}",
  history_verificationGranted: "Verification codes agreed to {how}",
  history_verificationRevoked: "Verification codes withdrawn {how}",
  history_deleted: "Removed from the list by {org}",
  how: {
    keyword: "by text message",
    free_text: "by text message",
    portal: "on this page",
    staff: "by {org}'s staff",
    api: "by {org}'s app",
    form: "on a form",
    email: "by email",
    code: "with a code",
    enrollment: "on a sign-in screen",
    manual: "(entered by staff)",
    import: "(imported)",
  },
};

const de: PortalStrings = {
  title: "Ihre SMS von {org}",
  intro:
    "Sehen Sie, auf welchen Listen von {org} Ihre Nummer steht, beenden Sie SMS, laden Sie Ihre Daten herunter oder lassen Sie sie löschen. Bestätigen Sie zuerst, dass die Nummer Ihnen gehört: Wir senden ihr einen Code.",
  sendCode: "Code per SMS senden",
  codeSentIfKnown: "Wenn {phone} auf einer Liste von {org} steht, ist ein Code dorthin unterwegs.",
  useOtherNumber: "Andere Nummer verwenden",
  wrongCode: "Dieser Code stimmt nicht.",
  codeExpired: "Dieser Code ist abgelaufen. Fordern Sie einen neuen an.",
  codeDead: "Dieser Code gilt nicht mehr. Fordern Sie einen neuen an.",
  overviewTitle: "Ihre Listen bei {org}",
  overviewIntro: "Nummer {phone}.",
  noLists: "Diese Nummer steht auf keiner Liste von {org}.",
  marketing: "Marketing-SMS",
  verification: "Bestätigungscodes (2FA)",
  statusOn: "Aktiv seit {date}",
  statusPending: "Erteilt am {date}, noch nicht bestätigt",
  statusOff: "Widerrufen am {date}",
  statusNever: "Nicht erteilt",
  withdraw: "Widerrufen",
  withdrawFor: "{purpose} für {list} widerrufen",
  withdrawAll: "Alles widerrufen, auf allen Listen",
  withdrawAllHint: "Beendet Marketing-SMS und Bestätigungscodes von {org} an diese Nummer.",
  withdrawn: "Widerrufen. Dafür wird nichts mehr gesendet.",
  nothingToWithdraw: "Es gab nichts mehr zu widerrufen.",
  unknownList: "Diese Liste gehört nicht zu dieser Nummer. Es wurde nichts geändert.",
  history: "Verlauf",
  dataTitle: "Ihre Daten",
  dataBody: "Die Nachweise Ihrer Einwilligung, die {org} speichert, so wie das Team sie sieht.",
  downloadJson: "Alles herunterladen (JSON)",
  downloadPdf: "Nachweis für {list} (PDF)",
  eraseTitle: "Ihre Daten löschen",
  eraseBody:
    "Bitten Sie {org}, Ihre Nummer und ihren Verlauf zu löschen. Nur ein minimaler Eintrag bleibt, damit Sie nie wieder SMS erhalten.",
  eraseButton: "Löschung beantragen",
  eraseCompleted: "Ihre Daten wurden gelöscht.",
  eraseAwaiting:
    "Ihr Antrag ist erfasst. {org} bearbeitet ihn und kann Ihnen eine SMS senden, wenn er erledigt ist.",
  signOut: "Abmelden",
  signedOut: "Sie sind von dieser Seite abgemeldet.",
  sessionEnded: "Ihre Sitzung ist abgelaufen. Bestätigen Sie Ihre Nummer erneut.",
  fromLink: "Sie haben den Link für {list} geöffnet.",
  linkInvalidTitle: "Dieser Link funktioniert nicht",
  linkInvalid:
    "Er ist vielleicht unvollständig oder verändert. Es wurde nichts geändert. Geben Sie unten Ihre Nummer ein, um einen Code zu erhalten.",
  linkExpiredTitle: "Dieser Link ist abgelaufen",
  linkExpired:
    "Es wurde nichts geändert. Geben Sie unten Ihre Nummer ein, um einen Code zu erhalten.",
  notFoundTitle: "Diese Datenschutzseite ist nicht verfügbar",
  notFoundBody: "Die Adresse ist vielleicht falsch. Prüfen Sie den Link, den Sie erhalten haben.",
  forbidden: "Diese Seite kann nicht von einer anderen Website aus genutzt werden.",
  language: "Sprache",
  portalLink: "Ihre Datenschutz-Einstellungen",
  history_signedUp: "Angemeldet über das Formular „{form}“",
  history_repeat: "Formular „{form}“ erneut abgeschickt",
  history_confirmedReply: "Bestätigt mit der Antwort „{reply}“",
  history_confirmedCode: "Mit einem Code bestätigt",
  history_revoked: "Marketing-SMS widerrufen {how}",
  history_regranted: "Marketing-SMS erneut erteilt per SMS {keyword}",
  history_granted: "Marketing-SMS erteilt {how}",
  history_added: "Von {org} mit Nachweis Ihrer Einwilligung hinzugefügt {how}",
  history_verificationGranted: "Bestätigungscodes zugestimmt {how}",
  history_verificationRevoked: "Bestätigungscodes widerrufen {how}",
  history_deleted: "Von {org} aus der Liste entfernt",
  how: {
    keyword: "per SMS",
    free_text: "per SMS",
    portal: "auf dieser Seite",
    staff: "durch das Team von {org}",
    api: "durch die App von {org}",
    form: "über ein Formular",
    email: "per E-Mail",
    code: "mit einem Code",
    enrollment: "bei der Anmeldung",
    manual: "(vom Team eingetragen)",
    import: "(importiert)",
  },
};

const fr: PortalStrings = {
  title: "Vos SMS de {org}",
  intro:
    "Voyez sur quelles listes de {org} figure votre numéro, arrêtez les SMS, téléchargez vos données ou demandez leur effacement. Prouvez d'abord que le numéro est le vôtre : nous lui envoyons un code.",
  sendCode: "M'envoyer un code",
  codeSentIfKnown: "Si {phone} figure sur une liste de {org}, un code est en route vers ce numéro.",
  useOtherNumber: "Utiliser un autre numéro",
  wrongCode: "Ce code n'est pas le bon.",
  codeExpired: "Ce code a expiré. Demandez-en un nouveau.",
  codeDead: "Ce code ne fonctionne plus. Demandez-en un nouveau.",
  overviewTitle: "Vos listes chez {org}",
  overviewIntro: "Numéro {phone}.",
  noLists: "Ce numéro ne figure sur aucune liste de {org}.",
  marketing: "SMS marketing",
  verification: "Codes de vérification (2FA)",
  statusOn: "Actif depuis le {date}",
  statusPending: "Donné le {date}, pas encore confirmé",
  statusOff: "Retiré le {date}",
  statusNever: "Non donné",
  withdraw: "Retirer",
  withdrawFor: "Retirer {purpose} pour {list}",
  withdrawAll: "Tout retirer, sur toutes les listes",
  withdrawAllHint: "Arrête les SMS marketing et les codes de vérification de {org} vers ce numéro.",
  withdrawn: "Retiré. Plus rien ne sera envoyé pour cela.",
  nothingToWithdraw: "Il n'y avait plus rien à retirer.",
  unknownList: "Cette liste n'est pas une liste de ce numéro ici. Rien n'a été changé.",
  history: "Historique",
  dataTitle: "Vos données",
  dataBody: "Les preuves de votre consentement que {org} conserve, telles que son équipe les voit.",
  downloadJson: "Tout télécharger (JSON)",
  downloadPdf: "Preuve pour {list} (PDF)",
  eraseTitle: "Effacer vos données",
  eraseBody:
    "Demandez à {org} de supprimer votre numéro et son historique. Seul un enregistrement minimal est gardé pour ne plus jamais vous écrire.",
  eraseButton: "Demander l'effacement",
  eraseCompleted: "Vos données ont été effacées.",
  eraseAwaiting:
    "Votre demande est enregistrée. {org} va la traiter et pourra vous envoyer un SMS une fois terminé.",
  signOut: "Se déconnecter",
  signedOut: "Vous êtes déconnecté de cette page.",
  sessionEnded: "Votre session a pris fin. Prouvez à nouveau votre numéro pour continuer.",
  fromLink: "Vous avez ouvert le lien pour {list}.",
  linkInvalidTitle: "Ce lien ne fonctionne pas",
  linkInvalid:
    "Il est peut-être incomplet ou modifié. Rien n'a été changé. Saisissez votre numéro ci-dessous pour recevoir un code.",
  linkExpiredTitle: "Ce lien a expiré",
  linkExpired: "Rien n'a été changé. Saisissez votre numéro ci-dessous pour recevoir un code.",
  notFoundTitle: "Cette page de confidentialité n'est pas disponible",
  notFoundBody: "L'adresse est peut-être mal saisie. Vérifiez le lien que vous avez reçu.",
  forbidden: "Cette page ne peut pas être utilisée depuis un autre site.",
  language: "Langue",
  portalLink: "Vos choix de confidentialité",
  history_signedUp: "Inscription via le formulaire « {form} »",
  history_repeat: "Formulaire « {form} » envoyé à nouveau",
  history_confirmedReply: "Confirmé en répondant « {reply} »",
  history_confirmedCode: "Confirmé avec un code",
  history_revoked: "SMS marketing retirés {how}",
  history_regranted: "SMS marketing redonnés en envoyant {keyword}",
  history_granted: "SMS marketing acceptés {how}",
  history_added: "Ajouté par {org} avec la preuve de votre consentement {how}",
  history_verificationGranted: "Codes de vérification acceptés {how}",
  history_verificationRevoked: "Codes de vérification retirés {how}",
  history_deleted: "Retiré de la liste par {org}",
  how: {
    keyword: "par SMS",
    free_text: "par SMS",
    portal: "sur cette page",
    staff: "par l'équipe de {org}",
    api: "par l'application de {org}",
    form: "sur un formulaire",
    email: "par e-mail",
    code: "avec un code",
    enrollment: "sur un écran de connexion",
    manual: "(saisi par l'équipe)",
    import: "(importé)",
  },
};

const es: PortalStrings = {
  title: "Tus mensajes de {org}",
  intro:
    "Mira en qué listas de {org} está tu número, deja de recibir mensajes, descarga tus datos o pide que se borren. Primero demuestra que el número es tuyo: te enviamos un código.",
  sendCode: "Enviarme un código",
  codeSentIfKnown: "Si {phone} está en alguna lista de {org}, le hemos enviado un código.",
  useOtherNumber: "Usar otro número",
  wrongCode: "Ese código no es correcto.",
  codeExpired: "Este código ha caducado. Pide uno nuevo.",
  codeDead: "Este código ya no sirve. Pide uno nuevo.",
  overviewTitle: "Tus listas en {org}",
  overviewIntro: "Número {phone}.",
  noLists: "Este número no está en ninguna lista de {org}.",
  marketing: "Mensajes de marketing",
  verification: "Códigos de verificación (2FA)",
  statusOn: "Activo desde el {date}",
  statusPending: "Dado el {date}, aún sin confirmar",
  statusOff: "Retirado el {date}",
  statusNever: "No dado",
  withdraw: "Retirar",
  withdrawFor: "Retirar {purpose} de {list}",
  withdrawAll: "Retirarlo todo, en todas las listas",
  withdrawAllHint: "Detiene los mensajes de marketing y los códigos de {org} a este número.",
  withdrawn: "Retirado. No se enviará nada más por esto.",
  nothingToWithdraw: "No quedaba nada por retirar.",
  unknownList: "Esa lista no es de este número aquí. No se ha cambiado nada.",
  history: "Historial",
  dataTitle: "Tus datos",
  dataBody: "Los registros de tu consentimiento que guarda {org}, tal como los ve su equipo.",
  downloadJson: "Descargarlo todo (JSON)",
  downloadPdf: "Prueba para {list} (PDF)",
  eraseTitle: "Borrar tus datos",
  eraseBody:
    "Pide a {org} que borre tu número y su historial. Solo se guarda un registro mínimo para no volver a escribirte nunca.",
  eraseButton: "Pedir el borrado",
  eraseCompleted: "Tus datos se han borrado.",
  eraseAwaiting:
    "Tu solicitud está registrada. {org} la tramitará y puede avisarte por SMS cuando esté hecha.",
  signOut: "Cerrar sesión",
  signedOut: "Has cerrado la sesión de esta página.",
  sessionEnded: "Tu sesión ha terminado. Vuelve a demostrar tu número para seguir.",
  fromLink: "Has abierto el enlace de {list}.",
  linkInvalidTitle: "Este enlace no funciona",
  linkInvalid:
    "Puede estar incompleto o alterado. No se ha cambiado nada. Escribe tu número abajo para recibir un código.",
  linkExpiredTitle: "Este enlace ha caducado",
  linkExpired: "No se ha cambiado nada. Escribe tu número abajo para recibir un código.",
  notFoundTitle: "Esta página de privacidad no está disponible",
  notFoundBody: "Puede que la dirección esté mal escrita. Revisa el enlace que recibiste.",
  forbidden: "Esta página no se puede usar desde otro sitio web.",
  language: "Idioma",
  portalLink: "Tus opciones de privacidad",
  history_signedUp: "Suscripción en el formulario «{form}»",
  history_repeat: "Formulario «{form}» enviado de nuevo",
  history_confirmedReply: "Confirmado respondiendo «{reply}»",
  history_confirmedCode: "Confirmado con un código",
  history_revoked: "Mensajes de marketing retirados {how}",
  history_regranted: "Mensajes de marketing aceptados de nuevo enviando {keyword}",
  history_granted: "Mensajes de marketing aceptados {how}",
  history_added: "Añadido por {org} con prueba de tu consentimiento {how}",
  history_verificationGranted: "Códigos de verificación aceptados {how}",
  history_verificationRevoked: "Códigos de verificación retirados {how}",
  history_deleted: "Quitado de la lista por {org}",
  how: {
    keyword: "por SMS",
    free_text: "por SMS",
    portal: "en esta página",
    staff: "por el equipo de {org}",
    api: "por la aplicación de {org}",
    form: "en un formulario",
    email: "por correo",
    code: "con un código",
    enrollment: "en una pantalla de acceso",
    manual: "(introducido por el equipo)",
    import: "(importado)",
  },
};

const pl: PortalStrings = {
  title: "Twoje SMS-y od {org}",
  intro:
    "Zobacz, na których listach {org} jest Twój numer, wyłącz SMS-y, pobierz swoje dane lub poproś o ich usunięcie. Najpierw potwierdź, że numer należy do Ciebie: wyślemy na niego kod.",
  sendCode: "Wyślij mi kod",
  codeSentIfKnown: "Jeśli {phone} jest na liście {org}, kod jest już w drodze.",
  useOtherNumber: "Użyj innego numeru",
  wrongCode: "Ten kod jest nieprawidłowy.",
  codeExpired: "Ten kod wygasł. Poproś o nowy.",
  codeDead: "Ten kod już nie działa. Poproś o nowy.",
  overviewTitle: "Twoje listy w {org}",
  overviewIntro: "Numer {phone}.",
  noLists: "Ten numer nie jest na żadnej liście {org}.",
  marketing: "SMS-y marketingowe",
  verification: "Kody weryfikacyjne (2FA)",
  statusOn: "Aktywna od {date}",
  statusPending: "Udzielona {date}, jeszcze niepotwierdzona",
  statusOff: "Wycofana {date}",
  statusNever: "Nie udzielono",
  withdraw: "Wycofaj",
  withdrawFor: "Wycofaj {purpose} dla {list}",
  withdrawAll: "Wycofaj wszystko, na wszystkich listach",
  withdrawAllHint: "Kończy SMS-y marketingowe i kody weryfikacyjne od {org} na ten numer.",
  withdrawn: "Wycofano. Nic więcej nie zostanie z tego tytułu wysłane.",
  nothingToWithdraw: "Nie było już nic do wycofania.",
  unknownList: "Ta lista nie należy do tego numeru. Nic nie zostało zmienione.",
  history: "Historia",
  dataTitle: "Twoje dane",
  dataBody: "Zapisy Twojej zgody przechowywane przez {org}, tak jak widzi je zespół.",
  downloadJson: "Pobierz wszystko (JSON)",
  downloadPdf: "Dowód dla {list} (PDF)",
  eraseTitle: "Usuń swoje dane",
  eraseBody:
    "Poproś {org} o usunięcie Twojego numeru i jego historii. Zostaje tylko minimalny zapis, aby nigdy więcej do Ciebie nie pisać.",
  eraseButton: "Poproś o usunięcie",
  eraseCompleted: "Twoje dane zostały usunięte.",
  eraseAwaiting: "Twoja prośba została zapisana. {org} ją rozpatrzy i może powiadomić Cię SMS-em.",
  signOut: "Wyloguj",
  signedOut: "Wylogowano z tej strony.",
  sessionEnded: "Sesja wygasła. Potwierdź numer ponownie, aby kontynuować.",
  fromLink: "Otwarto link dla listy {list}.",
  linkInvalidTitle: "Ten link nie działa",
  linkInvalid:
    "Może być niepełny lub zmieniony. Nic nie zostało zmienione. Wpisz poniżej swój numer, aby otrzymać kod.",
  linkExpiredTitle: "Ten link wygasł",
  linkExpired: "Nic nie zostało zmienione. Wpisz poniżej swój numer, aby otrzymać kod.",
  notFoundTitle: "Ta strona prywatności jest niedostępna",
  notFoundBody: "Adres może zawierać błąd. Sprawdź otrzymany link.",
  forbidden: "Z tej strony nie można korzystać z innej witryny.",
  language: "Język",
  portalLink: "Twoje ustawienia prywatności",
  history_signedUp: "Zapis przez formularz „{form}”",
  history_repeat: "Ponowne wysłanie formularza „{form}”",
  history_confirmedReply: "Potwierdzono odpowiedzią „{reply}”",
  history_confirmedCode: "Potwierdzono kodem",
  history_revoked: "Wycofano SMS-y marketingowe {how}",
  history_regranted: "Ponownie zgoda na SMS-y marketingowe przez wysłanie {keyword}",
  history_granted: "Zgoda na SMS-y marketingowe {how}",
  history_added: "Dodano przez {org} z dowodem Twojej zgody {how}",
  history_verificationGranted: "Zgoda na kody weryfikacyjne {how}",
  history_verificationRevoked: "Wycofano zgodę na kody weryfikacyjne {how}",
  history_deleted: "Usunięto z listy przez {org}",
  how: {
    keyword: "SMS-em",
    free_text: "SMS-em",
    portal: "na tej stronie",
    staff: "przez zespół {org}",
    api: "przez aplikację {org}",
    form: "w formularzu",
    email: "e-mailem",
    code: "kodem",
    enrollment: "na ekranie logowania",
    manual: "(wprowadzone przez zespół)",
    import: "(zaimportowane)",
  },
};

export const PORTAL_STRINGS: Record<Locale, PortalStrings> = { en, de, fr, es, pl };
