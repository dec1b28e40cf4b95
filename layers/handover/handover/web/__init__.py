"""The web page's domain code: sessions (Cognito) and what each page shows."""
