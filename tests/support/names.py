"""Names that test every script and length: a long Malay name, Thai, Chinese, Khmer, Lao, Myanmar."""

LONG_NAME = "Yang Berbahagia Dato' Sri Haji Muhammad Nur Iskandar bin Tan Sri Haji Abdul Rahman"


NAMES = [LONG_NAME, "สมชาย ใจดีมีสุขสวัสดิ์", "陈伟明", "សុខ ពិសិដ្ឋ", "ສົມພອນ ແກ້ວມະນີ", "အောင်ကျော်ဦး"]
