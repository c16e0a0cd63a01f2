"""Draw the program icon (run once; the PNG and ICO it writes are committed).

A green rounded square with a white 科 (科技特派员) — readable at 16 px.
Needs Pillow and a CJK TrueType font (Debian fonts-wqy-microhei).
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def draw(size: int = 512) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    pad = size // 16
    d.rounded_rectangle(
        (pad, pad, size - pad, size - pad), radius=size // 5, fill=(46, 125, 50, 255)
    )
    # a field furrow line under the glyph
    d.rounded_rectangle(
        (size * 0.22, size * 0.78, size * 0.78, size * 0.83),
        radius=size // 50,
        fill=(255, 213, 79, 255),
    )
    font = ImageFont.truetype(FONT, int(size * 0.58), index=0)
    box = d.textbbox((0, 0), "科", font=font)
    w, h = box[2] - box[0], box[3] - box[1]
    d.text(((size - w) / 2 - box[0], size * 0.42 - h / 2 - box[1]), "科", font=font, fill="white")
    return img


if __name__ == "__main__":
    big = draw(512)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(HERE / "zjk-desktop.png", optimize=True)
    big.save(
        HERE / "zjk-desktop.ico",
        sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)],
    )
    print("wrote", HERE / "zjk-desktop.png", HERE / "zjk-desktop.ico")
