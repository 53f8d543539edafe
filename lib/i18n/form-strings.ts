// The words of the public signup form itself, per locale. (The consent text, headline and
// button are the form owner's and come from the form version.)
import type { PhoneErrorCode } from "@/lib/phone/normalize-phone";
import type { Locale } from "./locales";

export interface FormStrings {
  country: string;
  phone: string;
  phoneHint: string;
  consentRequired: string;
  sending: string;
  successTitle: string;
  /** {phone}: the masked number */
  successBody: string;
  successHint: string;
  startOver: string;
  terms: string;
  privacy: string;
  rateLimited: string;
  genericError: string;
  phoneErrors: Record<PhoneErrorCode, string>;
}

export const FORM_STRINGS: Record<Locale, FormStrings> = {
  en: {
    country: "Country",
    phone: "Mobile number",
    phoneHint: "We'll text you once to confirm.",
    consentRequired: "Tick the box to agree to receive texts.",
    sending: "Sending…",
    successTitle: "Check your phone",
    successBody: "A text is on its way to {phone}. Reply YES to it to confirm your subscription.",
    successHint: "No text within a minute? Check the number and try again.",
    startOver: "Use a different number",
    terms: "Terms",
    privacy: "Privacy policy",
    rateLimited: "Too many attempts. Please wait a little and try again.",
    genericError: "Something went wrong. Please try again.",
    phoneErrors: {
      REQUIRED: "Enter your mobile number.",
      NOT_A_NUMBER: "That doesn't look like a phone number.",
      INVALID_COUNTRY: "Choose the country of your number.",
      TOO_SHORT: "That number is too short.",
      TOO_LONG: "That number is too long.",
      INVALID_FOR_REGION: "That isn't a valid number for the country you chose.",
      NOT_MOBILE: "That looks like a landline. Enter a mobile number that can receive texts.",
    },
  },
  de: {
    country: "Land",
    phone: "Handynummer",
    phoneHint: "Wir senden Ihnen eine SMS zur Bestätigung.",
    consentRequired: "Bitte setzen Sie das Häkchen, um SMS zu erhalten.",
    sending: "Wird gesendet…",
    successTitle: "Schauen Sie auf Ihr Handy",
    successBody:
      "Eine SMS an {phone} ist unterwegs. Antworten Sie JA, um Ihre Anmeldung zu bestätigen.",
    successHint: "Keine SMS nach einer Minute? Prüfen Sie die Nummer und versuchen Sie es erneut.",
    startOver: "Andere Nummer verwenden",
    terms: "AGB",
    privacy: "Datenschutz",
    rateLimited: "Zu viele Versuche. Bitte warten Sie kurz.",
    genericError: "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
    phoneErrors: {
      REQUIRED: "Bitte geben Sie Ihre Handynummer ein.",
      NOT_A_NUMBER: "Das sieht nicht wie eine Telefonnummer aus.",
      INVALID_COUNTRY: "Bitte wählen Sie das Land Ihrer Nummer.",
      TOO_SHORT: "Die Nummer ist zu kurz.",
      TOO_LONG: "Die Nummer ist zu lang.",
      INVALID_FOR_REGION: "Diese Nummer ist für das gewählte Land ungültig.",
      NOT_MOBILE: "Das scheint eine Festnetznummer zu sein. Bitte geben Sie eine Handynummer ein.",
    },
  },
  fr: {
    country: "Pays",
    phone: "Numéro de mobile",
    phoneHint: "Nous vous enverrons un SMS de confirmation.",
    consentRequired: "Cochez la case pour accepter de recevoir des SMS.",
    sending: "Envoi…",
    successTitle: "Regardez votre téléphone",
    successBody:
      "Un SMS est en route vers le {phone}. Répondez OUI pour confirmer votre inscription.",
    successHint: "Pas de SMS après une minute ? Vérifiez le numéro et réessayez.",
    startOver: "Utiliser un autre numéro",
    terms: "Conditions",
    privacy: "Confidentialité",
    rateLimited: "Trop de tentatives. Patientez un peu avant de réessayer.",
    genericError: "Une erreur s'est produite. Veuillez réessayer.",
    phoneErrors: {
      REQUIRED: "Saisissez votre numéro de mobile.",
      NOT_A_NUMBER: "Cela ne ressemble pas à un numéro de téléphone.",
      INVALID_COUNTRY: "Choisissez le pays de votre numéro.",
      TOO_SHORT: "Ce numéro est trop court.",
      TOO_LONG: "Ce numéro est trop long.",
      INVALID_FOR_REGION: "Ce numéro n'est pas valide pour le pays choisi.",
      NOT_MOBILE: "Cela semble être un fixe. Saisissez un numéro de mobile.",
    },
  },
  es: {
    country: "País",
    phone: "Número de móvil",
    phoneHint: "Te enviaremos un SMS para confirmar.",
    consentRequired: "Marca la casilla para aceptar recibir mensajes.",
    sending: "Enviando…",
    successTitle: "Revisa tu teléfono",
    successBody: "Un SMS va en camino al {phone}. Responde SI para confirmar tu suscripción.",
    successHint: "¿No llegó en un minuto? Revisa el número e inténtalo de nuevo.",
    startOver: "Usar otro número",
    terms: "Términos",
    privacy: "Privacidad",
    rateLimited: "Demasiados intentos. Espera un poco e inténtalo de nuevo.",
    genericError: "Algo salió mal. Inténtalo de nuevo.",
    phoneErrors: {
      REQUIRED: "Introduce tu número de móvil.",
      NOT_A_NUMBER: "Eso no parece un número de teléfono.",
      INVALID_COUNTRY: "Elige el país de tu número.",
      TOO_SHORT: "El número es demasiado corto.",
      TOO_LONG: "El número es demasiado largo.",
      INVALID_FOR_REGION: "El número no es válido para el país elegido.",
      NOT_MOBILE: "Parece un fijo. Introduce un número de móvil.",
    },
  },
  pl: {
    country: "Kraj",
    phone: "Numer komórkowy",
    phoneHint: "Wyślemy jednego SMS-a z prośbą o potwierdzenie.",
    consentRequired: "Zaznacz pole, aby zgodzić się na SMS-y.",
    sending: "Wysyłanie…",
    successTitle: "Sprawdź telefon",
    successBody: "SMS na numer {phone} jest w drodze. Odpisz TAK, aby potwierdzić zapis.",
    successHint: "Brak SMS-a po minucie? Sprawdź numer i spróbuj ponownie.",
    startOver: "Użyj innego numeru",
    terms: "Regulamin",
    privacy: "Polityka prywatności",
    rateLimited: "Zbyt wiele prób. Odczekaj chwilę i spróbuj ponownie.",
    genericError: "Coś poszło nie tak. Spróbuj ponownie.",
    phoneErrors: {
      REQUIRED: "Podaj numer komórkowy.",
      NOT_A_NUMBER: "To nie wygląda na numer telefonu.",
      INVALID_COUNTRY: "Wybierz kraj numeru.",
      TOO_SHORT: "Numer jest za krótki.",
      TOO_LONG: "Numer jest za długi.",
      INVALID_FOR_REGION: "Ten numer jest nieprawidłowy dla wybranego kraju.",
      NOT_MOBILE: "To wygląda na numer stacjonarny. Podaj numer komórkowy.",
    },
  },
};
