// Package paint draws genplay's plots into RGBA images: scatter plots of 2D
// point sets, grids of greyscale images (generated digits) and loss curves
// on a logarithmic axis.
//
// Views take plain numbers ([]float32 point lists as x0, y0, x1, y1, …,
// images as rows of intensities in [0, 1], and loss series) and write into an *image.RGBA that the caller owns; the
// browser bridge only copies the image's Pix to a canvas. Nothing here knows
// of the DOM, the worker or the model, so every picture is tested natively by
// reading pixels back.
//
// # Coordinates
//
// A View maps the square [-Extent, Extent]² of the plane onto a W×H image
// with y pointing up: world (0, 0) lies at pixel coordinates (W/2, H/2), so
// with even sizes it lights pixel (W/2, H/2). Pixel (i, j) covers
// [i, i+1) × [j, j+1) in pixel coordinates.
//
// # Colours
//
// Theme holds the colours of every plot. Points drawn with an opaque colour
// take that exact colour, so tests (and the browser tests) can count the
// pixels of one point set by colour. Image pixels are opaque greys from
// white (intensity 0) to black (1), so a pixel's intensity can be read back
// from its colour.
package paint
