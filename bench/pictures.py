"""Pictures the benchmarks upload, made on the spot (nothing is downloaded)."""

from PIL import Image, ImageChops


def photo_like(size: tuple[int, int]) -> Image.Image:
    """A picture of `size` that compresses like a photograph: smooth gradients per
    channel, blotches at two scales (upscaled noise) and fine sensor-like grain."""
    width, height = size

    def noise(sigma: float, scale: int) -> Image.Image:
        small = Image.effect_noise((width // scale, height // scale), sigma)
        return small if scale == 1 else small.resize(size, Image.Resampling.BICUBIC)

    gradients = (
        Image.linear_gradient("L").rotate(90).resize(size),
        Image.radial_gradient("L").resize(size),
        Image.linear_gradient("L").resize(size),
    )
    channels = []
    for index, channel in enumerate(gradients, start=1):
        for sigma, scale in ((40, 40 + 10 * index), (25, 8), (8, 1)):
            channel = ImageChops.add(channel, noise(sigma, scale), offset=-128)
        channels.append(channel)
    return Image.merge("RGB", channels)
