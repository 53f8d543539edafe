import { redirect } from "next/navigation";
import { getMembership } from "@/lib/auth/require-membership";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect((await getMembership()) ? "/dashboard" : "/login");
}
