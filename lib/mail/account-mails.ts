// The words of every mail optline sends about accounts. Plain text: it reads the same in every
// mail client, and links stay visible.
import type { Mail } from "./send-mail";

const SIGNATURE = "\n\n— optline";

export function signUpLinkMail(options: { to: string; link: string }): Mail {
  return {
    to: options.to,
    subject: "Finish creating your optline account",
    text:
      `Open this link to finish creating your optline account:\n\n${options.link}\n\n` +
      `It works once, within 24 hours. If you did not sign up, ignore this mail: no account is created.` +
      SIGNATURE,
  };
}

export function accountExistsMail(options: {
  to: string;
  loginUrl: string;
  resetUrl: string;
}): Mail {
  return {
    to: options.to,
    subject: "You already have an optline account",
    text:
      `Someone (probably you) tried to create an optline account with this email, which already has one.\n\n` +
      `Sign in: ${options.loginUrl}\nForgot your password? ${options.resetUrl}\n\n` +
      `If it was not you, nothing has changed and you can ignore this mail.` +
      SIGNATURE,
  };
}

export function passwordResetMail(options: { to: string; link: string }): Mail {
  return {
    to: options.to,
    subject: "Reset your optline password",
    text:
      `Open this link to choose a new password:\n\n${options.link}\n\n` +
      `It works once, within 1 hour, and signs you out everywhere else. ` +
      `If you did not ask for it, ignore this mail: your password stays as it is.` +
      SIGNATURE,
  };
}

export function noAccountMail(options: { to: string; signUpUrl: string }): Mail {
  return {
    to: options.to,
    subject: "Password reset for optline",
    text:
      `Someone asked to reset the optline password for this email, but no optline account uses it.\n\n` +
      `To create one: ${options.signUpUrl}\nIf it was not you, ignore this mail.` +
      SIGNATURE,
  };
}

export function invitationMail(options: {
  to: string;
  organizationName: string;
  inviterName: string;
  role: string;
  link: string;
  expiresAt: Date;
}): Mail {
  return {
    to: options.to,
    subject: `${options.inviterName} invited you to ${options.organizationName} on optline`,
    text:
      `${options.inviterName} invited you to join ${options.organizationName} on optline as ${options.role}.\n\n` +
      `Accept the invitation:\n${options.link}\n\n` +
      `The link works once, until ${options.expiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC. ` +
      `If you do not want to join, ignore this mail.` +
      SIGNATURE,
  };
}
