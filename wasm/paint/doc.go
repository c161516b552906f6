// Package paint draws genplay's plots into RGBA images: scatter plots of 2D
// point sets and loss curves on a logarithmic axis.
//
// Views take plain numbers ([]float32 point lists as x0, y0, x1, y1, … and
// loss series) and write into an *image.RGBA that the caller owns; the
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
// pixels of one point set by colour.
package paint
