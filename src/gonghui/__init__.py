"""工会服务平台 — gonghui."""
