"""Countries, partner countries and international organisations of the ASCN8 demo:
(code, name in English, name in Malay, group)."""

# fmt: off
COUNTRIES = [
    ("BN", "Brunei Darussalam", "Brunei Darussalam", "member"),
    ("KH", "Cambodia", "Kemboja", "member"),
    ("ID", "Indonesia", "Indonesia", "member"),
    ("LA", "Lao PDR", "Laos", "member"),
    ("MY", "Malaysia", "Malaysia", "member"),
    ("MM", "Myanmar", "Myanmar", "member"),
    ("PH", "Philippines", "Filipina", "member"),
    ("SG", "Singapore", "Singapura", "member"),
    ("TH", "Thailand", "Thailand", "member"),
    ("TL", "Timor-Leste", "Timor-Leste", "member"),
    ("VN", "Viet Nam", "Vietnam", "member"),
    ("AU", "Australia", "Australia", "partner"),
    ("CA", "Canada", "Kanada", "partner"),
    ("CN", "China", "China", "partner"),
    ("FR", "France", "Perancis", "partner"),
    ("DE", "Germany", "Jerman", "partner"),
    ("IN", "India", "India", "partner"),
    ("JP", "Japan", "Jepun", "partner"),
    ("NZ", "New Zealand", "New Zealand", "partner"),
    ("KR", "Republic of Korea", "Republik Korea", "partner"),
    ("GB", "United Kingdom", "United Kingdom", "partner"),
    ("US", "United States", "Amerika Syarikat", "partner"),
    ("ASEC", "ASEAN Secretariat", "Sekretariat ASEAN", "organisation"),
    ("ADB", "Asian Development Bank", "Bank Pembangunan Asia", "organisation"),
    ("WBG", "World Bank Group", "Kumpulan Bank Dunia", "organisation"),
    ("UNHABITAT", "UN-Habitat", "UN-Habitat", "organisation"),
    ("UNESCAP", "United Nations Economic and Social Commission for Asia and the Pacific", "Suruhanjaya Ekonomi dan Sosial PBB bagi Asia dan Pasifik", "organisation"),
    ("GIZ", "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)", "Agensi Kerjasama Antarabangsa Jerman (GIZ)", "organisation"),
    ("JICA", "Japan International Cooperation Agency", "Agensi Kerjasama Antarabangsa Jepun", "organisation"),
    ("KOICA", "Korea International Cooperation Agency", "Agensi Kerjasama Antarabangsa Korea", "organisation"),
]
# fmt: on
