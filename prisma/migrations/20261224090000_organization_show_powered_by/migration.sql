-- Owners can take optline's name off their hosted forms (footer and page-title suffix).
ALTER TABLE "Organization" ADD COLUMN "showPoweredBy" BOOLEAN NOT NULL DEFAULT true;
