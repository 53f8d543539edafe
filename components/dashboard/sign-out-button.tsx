"use client";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function SignOutButton({ callbackUrl = "/login" }: { callbackUrl?: string }) {
  return (
    <Button variant="ghost" size="sm" onClick={() => signOut({ callbackUrl })}>
      Sign out
    </Button>
  );
}
