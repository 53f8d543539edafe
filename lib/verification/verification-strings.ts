// The words of the code step on the public form, per locale. {sequence}, {time}, {seconds},
// {left}, {phone} are filled in by the form.
import type { Locale } from "@/lib/i18n/locales";

export interface VerificationStrings {
  codeTitle: string;
  /** "Enter code {sequence} of today, sent at {time}" */
  enterCode: string;
  codeSentTo: string;
  codeLabel: string;
  verify: string;
  verifying: string;
  resend: string;
  resendIn: string;
  sending: string;
  call: string;
  whatsapp: string;
  orReplyYes: string;
  expiresAt: string;
  expired: string;
  verificationConsentRequired: string;
  selectAll: string;
  doneSignupTitle: string;
  doneSignupBody: string;
  doneEnrollmentTitle: string;
  doneEnrollmentBody: string;
  doneEnrollmentMarketing: string;
  codeFormat: string;
}

const en: VerificationStrings = {
  codeTitle: "Enter the code",
  enterCode: "Enter code {sequence} of today, sent at {time}.",
  codeSentTo: "A code is on its way to {phone}.",
  codeLabel: "6-digit code",
  verify: "Verify",
  verifying: "Checking…",
  resend: "Send a new code",
  resendIn: "Send a new code in {seconds} s",
  sending: "Sending…",
  call: "Call me with the code",
  whatsapp: "Send it by WhatsApp",
  orReplyYes: "Or reply YES to our text.",
  expiresAt: "The code expires at {time}.",
  expired: "This code has expired. Send a new code.",
  verificationConsentRequired: "Tick the box to agree to receive verification codes.",
  selectAll: "Select all consents",
  doneSignupTitle: "You're subscribed",
  doneSignupBody: "Your number is confirmed. We've texted you how to get help or stop.",
  doneEnrollmentTitle: "Phone verified",
  doneEnrollmentBody: "Your number is verified for sign-in codes.",
  doneEnrollmentMarketing: "You're also subscribed to our texts.",
  codeFormat: "Enter the 6 digits from the text.",
};

export const VERIFICATION_STRINGS: Record<Locale, VerificationStrings> = {
  en,
  de: {
    codeTitle: "Code eingeben",
    enterCode: "Geben Sie Code {sequence} von heute ein, gesendet um {time}.",
    codeSentTo: "Ein Code an {phone} ist unterwegs.",
    codeLabel: "6-stelliger Code",
    verify: "Bestätigen",
    verifying: "Wird geprüft…",
    resend: "Neuen Code senden",
    resendIn: "Neuer Code in {seconds} s",
    sending: "Wird gesendet…",
    call: "Code per Anruf",
    whatsapp: "Per WhatsApp senden",
    orReplyYes: "Oder antworten Sie JA auf unsere SMS.",
    expiresAt: "Der Code läuft um {time} ab.",
    expired: "Dieser Code ist abgelaufen. Fordern Sie einen neuen an.",
    verificationConsentRequired: "Bitte stimmen Sie dem Empfang von Bestätigungscodes zu.",
    selectAll: "Alle Einwilligungen auswählen",
    doneSignupTitle: "Sie sind angemeldet",
    doneSignupBody:
      "Ihre Nummer ist bestätigt. Per SMS erfahren Sie, wie Sie Hilfe erhalten oder sich abmelden.",
    doneEnrollmentTitle: "Nummer bestätigt",
    doneEnrollmentBody: "Ihre Nummer ist für Anmeldecodes bestätigt.",
    doneEnrollmentMarketing: "Sie erhalten außerdem unsere SMS.",
    codeFormat: "Geben Sie die 6 Ziffern aus der SMS ein.",
  },
  fr: {
    codeTitle: "Saisissez le code",
    enterCode: "Saisissez le code {sequence} du jour, envoyé à {time}.",
    codeSentTo: "Un code est en route vers le {phone}.",
    codeLabel: "Code à 6 chiffres",
    verify: "Valider",
    verifying: "Vérification…",
    resend: "Envoyer un nouveau code",
    resendIn: "Nouveau code dans {seconds} s",
    sending: "Envoi…",
    call: "Recevoir le code par appel",
    whatsapp: "L'envoyer par WhatsApp",
    orReplyYes: "Ou répondez OUI à notre SMS.",
    expiresAt: "Le code expire à {time}.",
    expired: "Ce code a expiré. Demandez-en un nouveau.",
    verificationConsentRequired:
      "Cochez la case pour accepter de recevoir des codes de vérification.",
    selectAll: "Tout accepter",
    doneSignupTitle: "Vous êtes inscrit",
    doneSignupBody: "Votre numéro est confirmé. Nous vous avons envoyé l'aide et comment arrêter.",
    doneEnrollmentTitle: "Numéro vérifié",
    doneEnrollmentBody: "Votre numéro est vérifié pour les codes de connexion.",
    doneEnrollmentMarketing: "Vous êtes aussi inscrit à nos SMS.",
    codeFormat: "Saisissez les 6 chiffres du SMS.",
  },
  es: {
    codeTitle: "Introduce el código",
    enterCode: "Introduce el código {sequence} de hoy, enviado a las {time}.",
    codeSentTo: "Un código va en camino al {phone}.",
    codeLabel: "Código de 6 dígitos",
    verify: "Verificar",
    verifying: "Comprobando…",
    resend: "Enviar un código nuevo",
    resendIn: "Nuevo código en {seconds} s",
    sending: "Enviando…",
    call: "Llamarme con el código",
    whatsapp: "Enviarlo por WhatsApp",
    orReplyYes: "O responde SI a nuestro mensaje.",
    expiresAt: "El código caduca a las {time}.",
    expired: "Este código ha caducado. Pide uno nuevo.",
    verificationConsentRequired: "Marca la casilla para aceptar recibir códigos de verificación.",
    selectAll: "Seleccionar todos los consentimientos",
    doneSignupTitle: "Estás suscrito",
    doneSignupBody: "Tu número está confirmado. Te enviamos cómo pedir ayuda o cancelar.",
    doneEnrollmentTitle: "Número verificado",
    doneEnrollmentBody: "Tu número está verificado para los códigos de acceso.",
    doneEnrollmentMarketing: "También estás suscrito a nuestros mensajes.",
    codeFormat: "Introduce los 6 dígitos del mensaje.",
  },
  pl: {
    codeTitle: "Wpisz kod",
    enterCode: "Wpisz kod {sequence} z dzisiaj, wysłany o {time}.",
    codeSentTo: "Kod na numer {phone} jest w drodze.",
    codeLabel: "6-cyfrowy kod",
    verify: "Potwierdź",
    verifying: "Sprawdzanie…",
    resend: "Wyślij nowy kod",
    resendIn: "Nowy kod za {seconds} s",
    sending: "Wysyłanie…",
    call: "Zadzwoń z kodem",
    whatsapp: "Wyślij przez WhatsApp",
    orReplyYes: "Albo odpisz TAK na naszego SMS-a.",
    expiresAt: "Kod wygasa o {time}.",
    expired: "Ten kod wygasł. Poproś o nowy.",
    verificationConsentRequired: "Zaznacz pole, aby zgodzić się na kody weryfikacyjne.",
    selectAll: "Zaznacz wszystkie zgody",
    doneSignupTitle: "Zapisano",
    doneSignupBody: "Twój numer jest potwierdzony. Wysłaliśmy informację o pomocy i rezygnacji.",
    doneEnrollmentTitle: "Numer zweryfikowany",
    doneEnrollmentBody: "Twój numer jest zweryfikowany dla kodów logowania.",
    doneEnrollmentMarketing: "Zapisano Cię także na nasze SMS-y.",
    codeFormat: "Wpisz 6 cyfr z SMS-a.",
  },
};
