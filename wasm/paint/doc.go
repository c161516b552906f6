// Package paint draws genplay's plots into RGBA images: scatter plots of 2D
// point sets (over a heatmap of a field if need be, with lines from points
// to their reconstructions and warped grids), grids of greyscale images
// (generated digits, framed to tell inputs from reconstructions), loss
// curves on a logarithmic axis and multi-series line charts. It also
// writes point sets and histories as CSV; its subpackage encode writes the
// pictures as PNG or animated GIF, apart so that code that only computes
// what paint draws (the worker's fields on GridPoints) links no image
// codecs.
//
// Views take plain numbers ([]float32 point lists as x0, y0, x1, y1, …,
// images as rows of intensities in [0, 1], fields sampled on GridPoints,
// and loss or metric series) and write into an *image.RGBA that the caller
// owns; the browser bridge only copies the image's Pix to a canvas. Nothing
// here knows of the DOM, the worker or the model, so every picture is
// tested natively by reading pixels back.
//
// # Coordinates
//
// A View maps the square [-Extent, Extent]² of the plane onto a W×H image
// with y pointing up: world (0, 0) lies at pixel coordinates (W/2, H/2), so
// with even sizes it lights pixel (W/2, H/2). Pixel (i, j) covers
// [i, i+1) × [j, j+1) in pixel coordinates. Pixel and World (PixelOf and
// At in float64, for mouse positions) convert between the two. A heatmap's
// field has n×n values at the cell centres of GridPoints: x fastest, top
// row (largest y) first. Charts return their axis (LogAxis, LineAxis) with
// the ticks, so that the page can set labels around the canvas; NiceTicks
// picks round tick values for any range.
//
// # Colours
//
// Theme holds the colours of every plot. Points drawn with an opaque colour
// take that exact colour, so tests (and the browser tests) can count the
// pixels of one point set by colour. Image pixels are opaque greys from
// white (intensity 0) to black (1), so a pixel's intensity can be read back
// from its colour.
//
// Colours are chosen to survive colour-vision deficiency: the light theme
// draws data in Okabe–Ito blue and samples in Okabe–Ito vermillion; Okabe
// gives ten class colours (the eight of Okabe and Ito and two of Paul
// Tol's); Viridis is matplotlib's sequential scale, for densities; Diverging
// runs orange–white–blue, for a discriminator's D(x) around 0.5; and
// PositionColor colours a point by where it lies, to follow points through
// an encoder. The tests check distinctness under simulated protanopia and
// deuteranopia (Machado et al., 2009).
package paint
