import nodemailer, { type Transporter } from 'nodemailer';

export interface Mail {
  to: string | string[];
  subject: string;
  /** Plain text: nothing a sender wrote is ever rendered as HTML. */
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

export interface MailerConfig {
  /** smtp://user:pass@host:port or smtps://…; nodemailer's URL form. */
  url: string;
  from: string;
}

/** Email through SMTP (nodemailer), shared by notification fallback and alerts. */
export function createMailer(config: MailerConfig): Mailer {
  const transport: Transporter = nodemailer.createTransport(config.url);
  return {
    async send(mail) {
      await transport.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}
