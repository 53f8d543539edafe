"use client";
import { Button } from "@/components/ui/button";

/** Opens the browser's print dialog (the page has print styles). */
export function PrintButton() {
  return (
    <Button variant="secondary" onClick={() => window.print()}>
      Print
    </Button>
  );
}
